variable "name" {
  description = "Name prefix of the functions (e.g. iot-pipeline-dev); each function is <name>-<function>."
  type        = string
}

variable "runtime" {
  description = "\"native\" (GraalVM native image, provided.al2023, handler bootstrap) or \"jvm\" (java21, Funqy stream handler). Both use the same zip path."
  type        = string
  default     = "native"

  validation {
    condition     = contains(["native", "jvm"], var.runtime)
    error_message = "runtime must be \"native\" or \"jvm\"."
  }
}

variable "artifacts" {
  description = "Paths of the deployment zips built by Maven, by function (ingest, alert-fanout, archive)."
  type = object({
    ingest       = string
    alert-fanout = string
    archive      = string
  })
}

variable "settings" {
  description = "Per-function memory (MB), timeout (s) and reserved concurrency (-1 = unreserved), by function name. Unset fields keep the function's defaults: 512 MB, unreserved, timeout 30 s (ingest: under API Gateway's 29 s integration limit plus start-up; archive) or 90 s (alert-fanout: up to two hanging channels of ~28 s retry budget each, see functions/alert-fanout/README.md)."
  type = map(object({
    memory_mb            = optional(number)
    timeout_s            = optional(number)
    reserved_concurrency = optional(number)
  }))
  default = {}

  validation {
    condition     = alltrue([for k in keys(var.settings) : contains(["ingest", "alert-fanout", "archive"], k)])
    error_message = "settings keys must be function names: ingest, alert-fanout, archive."
  }
}

variable "event_source" {
  description = "MSK event source mappings (alert-fanout <- iot-alerts; archive <- iot-raw-events, iot-alerts): records per batch, batching window (s), starting position; with provisioned_pollers (Lambda provisioned mode) also the retry, record-age and bisect settings, which Kafka sources accept only in that mode."
  type = object({
    batch_size                         = optional(number, 500)
    maximum_batching_window_in_seconds = optional(number, 5)
    starting_position                  = optional(string, "TRIM_HORIZON")
    enabled                            = optional(bool, true)
    provisioned_pollers = optional(object({
      minimum = optional(number, 1)
      maximum = optional(number, 2)
    }))
    maximum_retry_attempts         = optional(number, 5)
    maximum_record_age_in_seconds  = optional(number, 21600)
    bisect_batch_on_function_error = optional(bool, true)
  })
  default = {}

  validation {
    condition     = contains(["TRIM_HORIZON", "LATEST"], var.event_source.starting_position)
    error_message = "event_source.starting_position must be TRIM_HORIZON or LATEST."
  }

  validation {
    condition     = var.event_source.batch_size >= 1 && var.event_source.batch_size <= 10000 && var.event_source.maximum_batching_window_in_seconds >= 0 && var.event_source.maximum_batching_window_in_seconds <= 300
    error_message = "event_source.batch_size must be 1-10000 and maximum_batching_window_in_seconds 0-300."
  }
}

variable "subnet_ids" {
  description = "Private subnets the functions run in."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the functions."
  type        = list(string)
}

variable "kafka" {
  description = "MSK cluster the functions use: bootstrap brokers (SASL/IAM), cluster ARN and the topic/group ARN prefixes from the msk module."
  type = object({
    bootstrap_servers = string
    cluster_arn       = string
    topic_arn_prefix  = string
    group_arn_prefix  = string
    security_mode     = optional(string, "msk-iam")
    raw_events_topic  = optional(string, "iot-raw-events")
    dlq_topic         = optional(string, "iot-dlq")
    presence_topic    = optional(string, "iot-device-presence")
    alerts_topic      = optional(string, "iot-alerts")
  })
}

variable "sns_topic_arns" {
  description = "SNS topics alert-fanout publishes to."
  type = object({
    critical   = string
    monitoring = string
  })
}

variable "archive_bucket" {
  description = "S3 archive bucket (name and ARN); archive writes raw/ and alerts/."
  type = object({
    id  = string
    arn = string
  })
}

variable "pagerduty" {
  description = "PagerDuty Events API v2 URL and the Secrets Manager secret holding the routing key."
  type = object({
    events_url = optional(string, "https://events.pagerduty.com/v2/enqueue")
    secret_arn = string
  })
}

variable "database" {
  description = "The PostgreSQL database alert-fanout keeps its idempotency ledger in: Quarkus reactive URL, user name, and the ARN of the RDS-managed secret the function reads its password from (never passed as a variable); null leaves the settings out."
  type = object({
    reactive_url = string
    username     = string
    secret_arn   = string
  })
  default = null
}

variable "kms_key_arn" {
  description = "Customer managed key of the pipeline's stores (S3, SNS, secrets, SQS, logs)."
  type        = string
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the metrics ingest writes as Embedded Metric Format log lines (no PutMetricData permission needed)."
  type        = string
  default     = "IotPipeline"
}

variable "log_retention_days" {
  description = "Retention of the functions' log groups."
  type        = number
  default     = 30
}

variable "extra_environment" {
  description = "Additional environment variables for every function (e.g. QUARKUS_LOG_LEVEL)."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
