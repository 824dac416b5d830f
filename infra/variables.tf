variable "name" {
  description = "Project name, the first part of every resource name (lower-case, 2-16 characters)."
  type        = string
  default     = "iot-pipeline"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.name)) && !endswith(var.name, "-")
    error_message = "name must be 2-16 characters of a-z, 0-9 and '-', start with a letter and not end with '-'."
  }
}

variable "environment" {
  description = "Environment name (e.g. dev, staging, prod), the second part of every resource name: 2-10 lower-case letters or digits, starting with a letter."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment must match ^[a-z][a-z0-9]{1,9}$ (e.g. dev, staging, prod)."
  }
}

variable "region" {
  description = "AWS region everything is created in."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "tags" {
  description = "Extra tags for every resource (merged over Project, Environment and ManagedBy; also set as provider default_tags)."
  type        = map(string)
  default     = {}
}

variable "log_retention_days" {
  description = "Retention of every CloudWatch log group (functions, service, broker, API, database, flow logs); one of the values CloudWatch Logs accepts."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (0 = never expire is not allowed)."
  }
}

variable "network" {
  description = "VPC: CIDR, number of AZs with a private subnet (2-3), NAT gateway for third-party egress (PagerDuty), interface endpoints, flow logs."
  type = object({
    cidr_block          = optional(string, "10.40.0.0/16")
    az_count            = optional(number, 2)
    availability_zones  = optional(list(string), [])
    enable_nat_gateway  = optional(bool, true)
    interface_endpoints = optional(list(string), ["secretsmanager", "sns", "monitoring", "logs", "sts", "lambda", "sqs", "ecr.api", "ecr.dkr", "xray"])
    flow_logs_enabled   = optional(bool, true)
  })
  default = {}

  validation {
    condition     = var.network.az_count >= 2 && var.network.az_count <= 3 && floor(var.network.az_count) == var.network.az_count
    error_message = "network.az_count must be 2 or 3."
  }

  validation {
    condition     = length(var.network.availability_zones) == 0 || length(var.network.availability_zones) >= var.network.az_count
    error_message = "network.availability_zones must be empty or name at least az_count zones."
  }
}

variable "msk" {
  description = "Kafka: mode provisioned (broker count, instance type, EBS GiB per broker) or serverless; Kafka version; partitions of the high-volume topics."
  type = object({
    mode                = optional(string, "provisioned")
    kafka_version       = optional(string, "3.6.0")
    broker_count        = optional(number, 2)
    instance_type       = optional(string, "kafka.t3.small")
    volume_size_gb      = optional(number, 100)
    enhanced_monitoring = optional(string, "DEFAULT")
    default_partitions  = optional(number, 6)
  })
  default = {}

  validation {
    condition     = contains(["provisioned", "serverless"], var.msk.mode)
    error_message = "msk.mode must be \"provisioned\" or \"serverless\"."
  }

  validation {
    condition     = var.msk.mode == "serverless" || (var.msk.broker_count >= 2 && var.msk.broker_count % var.network.az_count == 0)
    error_message = "msk.broker_count must be at least 2 and a multiple of network.az_count (MSK spreads brokers evenly over the AZs)."
  }

  validation {
    condition     = can(regex("^kafka\\.", var.msk.instance_type))
    error_message = "msk.instance_type must be an MSK broker type such as kafka.t3.small or kafka.m7g.large."
  }
}

variable "lambda" {
  description = "Functions ingest, alert-fanout, archive: runtime native (provided.al2023, bootstrap) or jvm (java21, Funqy handler); zip paths by function (default ../functions/<name>/target/function.zip); memory/timeout/reserved concurrency by function; MSK event source batching (and, with provisioned_pollers, retries/record age/bisect)."
  type = object({
    runtime        = optional(string, "native")
    artifact_paths = optional(map(string), {})
    settings = optional(map(object({
      memory_mb            = optional(number)
      timeout_s            = optional(number)
      reserved_concurrency = optional(number)
    })), {})
    event_source = optional(object({
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
    }), {})
  })
  default = {}

  validation {
    condition     = contains(["native", "jvm"], var.lambda.runtime)
    error_message = "lambda.runtime must be \"native\" (provided.al2023) or \"jvm\" (java21)."
  }

  validation {
    condition     = alltrue([for k in concat(keys(var.lambda.artifact_paths), keys(var.lambda.settings)) : contains(["ingest", "alert-fanout", "archive"], k)])
    error_message = "lambda.artifact_paths and lambda.settings are keyed by function: ingest, alert-fanout, archive."
  }

  validation {
    condition     = alltrue([for s in values(var.lambda.settings) : s.reserved_concurrency == null || try(s.reserved_concurrency >= -1, false)])
    error_message = "lambda.settings[*].reserved_concurrency must be -1 (unreserved) or a non-negative number."
  }
}

variable "streams" {
  description = "streams-service on ECS Fargate: image tag, CPU/memory, task counts, Kafka Streams application.id, lag per task the autoscaler aims for, CPU architecture of the image, internal ALB (optional ACM certificate), RocksDB's off-heap budget (default an eighth of memory_mb)."
  type = object({
    image_tag        = optional(string, "latest")
    cpu              = optional(number, 1024)
    memory_mb        = optional(number, 2048)
    desired_count    = optional(number, 2)
    min_count        = optional(number, 1)
    max_count        = optional(number, 6)
    application_id   = optional(string, "iot-streams-service")
    lag_per_task     = optional(number, 10000)
    cpu_architecture = optional(string, "X86_64")
    load_balancer    = optional(bool, true)
    certificate_arn  = optional(string)
    # Off-heap budget of the task's RocksDB stores in MiB (default: an eighth of memory_mb).
    rocksdb_memory_mb = optional(number)
  })
  default = {}

  validation {
    condition     = var.streams.min_count >= 1 && var.streams.min_count <= var.streams.desired_count && var.streams.desired_count <= var.streams.max_count
    error_message = "streams counts must satisfy 1 <= min_count <= desired_count <= max_count."
  }

  validation {
    condition     = var.streams.rocksdb_memory_mb == null || try(var.streams.rocksdb_memory_mb >= 16 && var.streams.rocksdb_memory_mb <= var.streams.memory_mb / 2 && floor(var.streams.rocksdb_memory_mb) == var.streams.rocksdb_memory_mb, false)
    error_message = "streams.rocksdb_memory_mb must be a whole number of MiB from 16 to half of streams.memory_mb: the JVM's heap and its own memory need the rest of the task."
  }
}

variable "database" {
  description = "Aurora PostgreSQL Serverless v2 (registry and alert store): engine version, capacity in ACUs, instances, deletion protection, backups."
  type = object({
    engine_version        = optional(string, "16.4")
    min_capacity_acu      = optional(number, 0.5)
    max_capacity_acu      = optional(number, 4)
    instance_count        = optional(number, 1)
    deletion_protection   = optional(bool, true)
    skip_final_snapshot   = optional(bool, false)
    backup_retention_days = optional(number, 7)
  })
  default = {}

  validation {
    condition     = var.database.min_capacity_acu >= 0 && var.database.max_capacity_acu >= var.database.min_capacity_acu && var.database.max_capacity_acu <= 256
    error_message = "database capacity must satisfy 0 <= min_capacity_acu <= max_capacity_acu <= 256."
  }
}

variable "archive" {
  description = "Archive bucket lifecycle: days to Glacier, days to expiry (0 = never), days noncurrent versions are kept; force_destroy for throw-away environments."
  type = object({
    glacier_after_days     = optional(number, 30)
    expire_after_days      = optional(number, 0)
    noncurrent_expire_days = optional(number, 30)
    force_destroy          = optional(bool, false)
  })
  default = {}

  validation {
    condition     = var.archive.glacier_after_days >= 1 && (var.archive.expire_after_days == 0 || var.archive.expire_after_days > var.archive.glacier_after_days + 90)
    error_message = "archive.glacier_after_days must be >= 1, and expire_after_days 0 (never) or more than glacier_after_days + 90 (Glacier minimum storage duration)."
  }
}

variable "iot" {
  description = "IoT Core and HTTP ingest: fleet provisioning by claim (needs the pre-provisioning hook Lambda ARN that checks the registry), HTTP API authorization (AWS_IAM or NONE) and throttling."
  type = object({
    fleet_provisioning_enabled       = optional(bool, false)
    pre_provisioning_hook_lambda_arn = optional(string)
    http_authorization_type          = optional(string, "AWS_IAM")
    http_throttling_rate_limit       = optional(number, 500)
    http_throttling_burst_limit      = optional(number, 1000)
  })
  default = {}

  validation {
    condition     = !var.iot.fleet_provisioning_enabled || can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+$", var.iot.pre_provisioning_hook_lambda_arn))
    error_message = "iot.fleet_provisioning_enabled requires iot.pre_provisioning_hook_lambda_arn (a Lambda function ARN): devices are never provisioned without the registry check."
  }

  validation {
    condition     = contains(["AWS_IAM", "NONE"], var.iot.http_authorization_type)
    error_message = "iot.http_authorization_type must be AWS_IAM or NONE."
  }
}

variable "pagerduty_events_url" {
  description = "PagerDuty Events API v2 endpoint (PAGERDUTY_EVENTS_URL)."
  type        = string
  default     = "https://events.pagerduty.com/v2/enqueue"

  validation {
    condition     = startswith(var.pagerduty_events_url, "https://")
    error_message = "pagerduty_events_url must be an https:// URL."
  }
}

variable "pagerduty_routing_key" {
  description = "PagerDuty routing key stored in Secrets Manager (optional: without it the secret is created empty and filled out of band)."
  type        = string
  default     = null
  sensitive   = true
}

variable "alarms" {
  description = "Alarm e-mail subscribers and thresholds: DLQ records per 5 min, consumer lag, CRITICAL alerts per 5 min, minutes of fleet silence (multiple of 5), function errors per 5 min."
  type = object({
    email_endpoints        = optional(list(string), [])
    dlq_records_per_5m     = optional(number, 100)
    consumer_lag           = optional(number, 50000)
    critical_alerts_per_5m = optional(number, 50)
    fleet_silence_minutes  = optional(number, 15)
    function_errors_per_5m = optional(number, 5)
  })
  default = {}

  validation {
    condition     = var.alarms.fleet_silence_minutes >= 5 && var.alarms.fleet_silence_minutes <= 1440 && var.alarms.fleet_silence_minutes % 5 == 0
    error_message = "alarms.fleet_silence_minutes must be a multiple of 5 between 5 and 1440."
  }

  validation {
    condition     = alltrue([for e in var.alarms.email_endpoints : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "alarms.email_endpoints must be e-mail addresses."
  }
}
