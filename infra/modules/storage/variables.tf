variable "name" {
  description = "Name prefix for every resource of the module (e.g. iot-pipeline-dev)."
  type        = string
}

variable "kms" {
  description = "Customer managed KMS key that encrypts every store of the pipeline: deletion window (7-30 days)."
  type = object({
    deletion_window_in_days = optional(number, 30)
  })
  default = {}

  validation {
    condition     = var.kms.deletion_window_in_days >= 7 && var.kms.deletion_window_in_days <= 30
    error_message = "kms.deletion_window_in_days must be between 7 and 30."
  }
}

variable "archive" {
  description = "S3 archive bucket: days before raw/ and alerts/ objects move to Glacier Flexible Retrieval, days before they expire (0 = never), days noncurrent versions are kept, force_destroy for throw-away environments."
  type = object({
    glacier_after_days        = optional(number, 30)
    expire_after_days         = optional(number, 0)
    noncurrent_expire_days    = optional(number, 30)
    error_objects_expire_days = optional(number, 90)
    force_destroy             = optional(bool, false)
  })
  default = {}

  validation {
    condition     = var.archive.glacier_after_days >= 1 && (var.archive.expire_after_days == 0 || var.archive.expire_after_days > var.archive.glacier_after_days + 90)
    error_message = "archive.glacier_after_days must be >= 1, and expire_after_days must be 0 (never) or more than glacier_after_days + 90 (Glacier minimum storage duration)."
  }
}

variable "database" {
  description = "Aurora PostgreSQL Serverless v2 cluster holding the device registry and the alert store."
  type = object({
    engine_version          = optional(string, "16.4")
    database_name           = optional(string, "iotpipeline")
    master_username         = optional(string, "iotpipeline")
    min_capacity_acu        = optional(number, 0.5)
    max_capacity_acu        = optional(number, 4)
    instance_count          = optional(number, 1)
    deletion_protection     = optional(bool, true)
    backup_retention_days   = optional(number, 7)
    skip_final_snapshot     = optional(bool, false)
    preferred_backup_window = optional(string, "02:00-03:00")
  })
  default = {}

  validation {
    condition     = var.database.min_capacity_acu >= 0 && var.database.max_capacity_acu >= var.database.min_capacity_acu && var.database.max_capacity_acu <= 256
    error_message = "database capacity must satisfy 0 <= min_capacity_acu <= max_capacity_acu <= 256."
  }

  validation {
    condition     = var.database.instance_count >= 1 && var.database.instance_count <= 3
    error_message = "database.instance_count must be between 1 and 3 (one writer plus up to two readers)."
  }
}

variable "subnet_ids" {
  description = "Private subnet IDs for the database subnet group."
  type        = list(string)
}

variable "database_security_group_id" {
  description = "Security group of the database (ingress only from the compute roles)."
  type        = string
}

variable "pagerduty_routing_key" {
  description = "PagerDuty Events API v2 routing (integration) key stored in Secrets Manager; null creates the secret empty so that an operator can put the value out of band."
  type        = string
  default     = null
  sensitive   = true
}

variable "log_retention_days" {
  description = "Retention of the database's CloudWatch log exports."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
