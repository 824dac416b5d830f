variable "name" {
  description = "Name prefix of the IoT and API Gateway resources (e.g. iot-pipeline-dev)."
  type        = string
}

variable "thing_types" {
  description = "IoT thing types, one per device type of the contract, with a description and the searchable attributes."
  type = map(object({
    description           = optional(string, "")
    searchable_attributes = optional(list(string), ["customerId"])
  }))
  default = {
    smart-meter        = { description = "Smart electricity meter (power_w, voltage_v, ...)" }
    temperature-sensor = { description = "Environmental sensor (temperature_c, humidity_pct, ...)" }
  }

  validation {
    condition     = length(var.thing_types) >= 1 && alltrue([for k in keys(var.thing_types) : can(regex("^[a-z][a-z0-9-]{1,63}$", k))])
    error_message = "thing_types needs at least one entry, each named in lower-case kebab-case (it is the {deviceType} of the MQTT topic)."
  }
}

variable "ingest_function" {
  description = "The ingest function the telemetry and lifecycle rules and the HTTP API invoke."
  type = object({
    arn        = string
    name       = string
    invoke_arn = string
  })
}

variable "error_bucket" {
  description = "Bucket (name and ARN) and key prefix where the topic rules' error actions write messages that could not be delivered."
  type = object({
    id     = string
    arn    = string
    prefix = optional(string, "errors/iot-rules")
  })
}

variable "kms_key_arn" {
  description = "Customer managed key of the error bucket and the log groups."
  type        = string
}

variable "fleet_provisioning" {
  description = "Fleet provisioning by claim certificate: enabled flag and the pre-provisioning hook Lambda that checks the device against the registry (required when enabled)."
  type = object({
    enabled                          = optional(bool, false)
    pre_provisioning_hook_lambda_arn = optional(string)
  })
  default = {}

  validation {
    condition     = !var.fleet_provisioning.enabled || can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+$", var.fleet_provisioning.pre_provisioning_hook_lambda_arn))
    error_message = "fleet_provisioning.enabled requires pre_provisioning_hook_lambda_arn (a Lambda function ARN): devices are never provisioned without the registry check."
  }
}

variable "http_ingest" {
  description = "HTTP API for devices that cannot do MQTT: authorization (AWS_IAM = SigV4-signed requests, NONE = open endpoint), throttling (steady requests/s and burst)."
  type = object({
    authorization_type     = optional(string, "AWS_IAM")
    throttling_rate_limit  = optional(number, 500)
    throttling_burst_limit = optional(number, 1000)
  })
  default = {}

  validation {
    condition     = contains(["AWS_IAM", "NONE"], var.http_ingest.authorization_type)
    error_message = "http_ingest.authorization_type must be AWS_IAM or NONE."
  }

  validation {
    condition     = var.http_ingest.throttling_rate_limit > 0 && var.http_ingest.throttling_burst_limit > 0
    error_message = "http_ingest throttling limits must be positive (an unthrottled public endpoint is not allowed)."
  }
}

variable "log_retention_days" {
  description = "Retention of the HTTP API access log group."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
