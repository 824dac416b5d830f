variable "name" {
  description = "Name of the MSK cluster (e.g. iot-pipeline-dev)."
  type        = string
}

variable "mode" {
  description = "\"provisioned\" (brokers sized below, customer managed key, broker logs) or \"serverless\" (MSK Serverless: IAM + TLS only by design, AWS-managed encryption at rest)."
  type        = string
  default     = "provisioned"

  validation {
    condition     = contains(["provisioned", "serverless"], var.mode)
    error_message = "mode must be \"provisioned\" or \"serverless\"."
  }
}

variable "provisioned" {
  description = "Sizing of a provisioned cluster: Kafka version, broker count (a multiple of the number of subnets), instance type, EBS volume per broker (GiB), enhanced monitoring level."
  type = object({
    kafka_version       = optional(string, "3.6.0")
    broker_count        = optional(number, 2)
    instance_type       = optional(string, "kafka.t3.small")
    volume_size_gb      = optional(number, 100)
    enhanced_monitoring = optional(string, "DEFAULT")
  })
  default = {}

  validation {
    condition     = var.provisioned.volume_size_gb >= 1 && var.provisioned.volume_size_gb <= 16384
    error_message = "provisioned.volume_size_gb must be between 1 and 16384 GiB."
  }

  validation {
    condition     = contains(["DEFAULT", "PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"], var.provisioned.enhanced_monitoring)
    error_message = "provisioned.enhanced_monitoring must be DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER or PER_TOPIC_PER_PARTITION."
  }
}

variable "subnet_ids" {
  description = "Private subnets the brokers (or the Serverless cluster's ENIs) live in; broker_count must be a multiple of their number."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && length(var.subnet_ids) <= 3
    error_message = "subnet_ids must hold 2 or 3 subnets in different AZs."
  }
}

variable "security_group_ids" {
  description = "Security groups of the cluster (ingress on 9098 from the compute roles only)."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "Customer managed key for encryption at rest (provisioned mode) and for the broker log group."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the broker log group."
  type        = number
  default     = 30
}

variable "default_partitions" {
  description = "Partition count of the high-volume topics (raw events, aggregates, DLQ); the others scale from it."
  type        = number
  default     = 6

  validation {
    condition     = var.default_partitions >= 1 && var.default_partitions <= 1000
    error_message = "default_partitions must be between 1 and 1000."
  }
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
