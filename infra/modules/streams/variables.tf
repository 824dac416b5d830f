variable "name" {
  description = "Name prefix of the streams-service resources (e.g. iot-pipeline-dev)."
  type        = string
}

variable "service" {
  description = "The streams-service task: image tag in the module's ECR repository, Fargate size, task counts, standby replicas of each task's state on the other tasks (STREAMS_STANDBY_REPLICAS: a stopped task's partitions resume on a task that already holds their state instead of restoring it from the changelogs), Kafka Streams application.id (its consumer group and internal-topic prefix, passed as STREAMS_APPLICATION_ID), the alert store's consumer group (ALERT_STORE_GROUP_ID), the off-heap budget of the task's RocksDB stores (STREAMS_ROCKSDB_MEMORY_MB; by default an eighth of memory_mb, so a larger task caches more of its state)."
  type = object({
    image_tag            = optional(string, "latest")
    cpu                  = optional(number, 1024)
    memory_mb            = optional(number, 2048)
    desired_count        = optional(number, 2)
    standby_replicas     = optional(number, 1)
    min_count            = optional(number, 1)
    max_count            = optional(number, 6)
    application_id       = optional(string, "iot-streams-service")
    alert_store_group_id = optional(string, "iot-alert-store")
    container_port       = optional(number, 8080)
    cpu_architecture     = optional(string, "X86_64")
    source_topic         = optional(string, "iot-raw-events")
    lag_per_task         = optional(number, 10000)
    rocksdb_memory_mb    = optional(number)
  })
  default = {}

  validation {
    condition     = var.service.min_count >= 1 && var.service.min_count <= var.service.desired_count && var.service.desired_count <= var.service.max_count
    error_message = "service counts must satisfy 1 <= min_count <= desired_count <= max_count."
  }

  validation {
    condition     = var.service.standby_replicas >= 0 && floor(var.service.standby_replicas) == var.service.standby_replicas
    error_message = "service.standby_replicas must be a whole number, 0 or more."
  }

  validation {
    condition     = var.service.rocksdb_memory_mb == null || try(var.service.rocksdb_memory_mb >= 16 && var.service.rocksdb_memory_mb <= var.service.memory_mb / 2 && floor(var.service.rocksdb_memory_mb) == var.service.rocksdb_memory_mb, false)
    error_message = "service.rocksdb_memory_mb must be a whole number of MiB from 16 to half of memory_mb: the JVM's heap and its own memory need the rest of the task."
  }

  validation {
    condition     = contains(["X86_64", "ARM64"], var.service.cpu_architecture)
    error_message = "service.cpu_architecture must be X86_64 or ARM64 (the architecture the image was built for)."
  }

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.service.cpu)
    error_message = "service.cpu must be a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "load_balancer" {
  description = "Internal ALB in front of the service (dashboard, /api, health): enabled flag and an optional ACM certificate (HTTPS listener when set, HTTP otherwise)."
  type = object({
    enabled         = optional(bool, true)
    certificate_arn = optional(string)
  })
  default = {}
}

variable "vpc_id" {
  description = "VPC of the service."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the tasks and the internal ALB."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups: service (tasks) and alb."
  type = object({
    service = string
    alb     = string
  })
}

variable "kafka" {
  description = "MSK cluster the service uses: bootstrap brokers, cluster name and ARN, topic/group/transactional-id ARN prefixes, and the topics it reads and writes."
  type = object({
    bootstrap_servers           = string
    cluster_name                = string
    cluster_arn                 = string
    topic_arn_prefix            = string
    group_arn_prefix            = string
    transactional_id_arn_prefix = string
    security_mode               = optional(string, "msk-iam")
    topics                      = list(string)
    partitions                  = optional(number, 6)
    replication_factor          = optional(number, 3)
  })
}

variable "database" {
  description = "Registry and alert store: Quarkus reactive URL, user name and the Secrets Manager secret with the password (JSON key password)."
  type = object({
    reactive_url = string
    username     = string
    secret_arn   = string
  })
}

variable "environment" {
  description = "Contract settings passed through: PagerDuty URL and secret, SNS topics, archive bucket."
  type = object({
    pagerduty_events_url = string
    pagerduty_secret_arn = string
    sns_critical_arn     = string
    sns_monitoring_arn   = string
    archive_bucket       = string
  })
}

variable "kms_key_arn" {
  description = "Customer managed key of the repository, logs and secrets."
  type        = string
}

variable "metrics_namespace" {
  description = "CloudWatch namespace the Micrometer CloudWatch registry publishes to."
  type        = string
  default     = "IotPipeline"
}

variable "log_retention_days" {
  description = "Retention of the service's log group."
  type        = number
  default     = 30
}

variable "extra_environment" {
  description = "Additional environment variables for the container."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
