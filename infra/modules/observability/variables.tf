variable "name" {
  description = "Name prefix of the dashboard and alarms (e.g. iot-pipeline-dev)."
  type        = string
}

variable "metrics_namespace" {
  description = "Namespace of the pipeline's own metrics (Micrometer CloudWatch registry)."
  type        = string
  default     = "IotPipeline"
}

variable "alarm_topic_arn" {
  description = "SNS topic that receives every alarm and OK transition."
  type        = string
}

variable "alarm_email_endpoints" {
  description = "E-mail addresses subscribed to the alarm topic (each must confirm the subscription)."
  type        = list(string)
  default     = []
}

variable "function_names" {
  description = "Lambda function names by short name (ingest, alert-fanout, archive)."
  type        = map(string)
}

variable "failure_queue_name" {
  description = "SQS queue holding records the functions could not process."
  type        = string
}

variable "msk_cluster_name" {
  description = "MSK cluster name (\"Cluster Name\" dimension of AWS/Kafka)."
  type        = string
}

variable "consumer_groups" {
  description = "Consumer groups whose lag is alarmed: key => consumer group and topic."
  type = map(object({
    group = string
    topic = string
  }))
}

variable "streams_service" {
  description = "ECS cluster and service of the streams-service and, when there is one, the internal ALB's CloudWatch dimensions."
  type = object({
    cluster_name               = string
    service_name               = string
    load_balancer_enabled      = optional(bool, false)
    lb_arn_suffix              = optional(string)
    lb_target_group_arn_suffix = optional(string)
  })
}

variable "thresholds" {
  description = "Alarm thresholds: DLQ records per 5 min, consumer lag (messages), CRITICAL alerts per 5 min, minutes of fleet silence, function errors per 5 min."
  type = object({
    dlq_records_per_5m     = optional(number, 100)
    consumer_lag           = optional(number, 50000)
    critical_alerts_per_5m = optional(number, 50)
    fleet_silence_minutes  = optional(number, 15)
    function_errors_per_5m = optional(number, 5)
  })
  default = {}

  validation {
    condition     = var.thresholds.fleet_silence_minutes >= 5 && var.thresholds.fleet_silence_minutes <= 1440 && var.thresholds.fleet_silence_minutes % 5 == 0
    error_message = "thresholds.fleet_silence_minutes must be a multiple of 5 between 5 and 1440."
  }
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
