variable "name" {
  description = "Name prefix for every resource of the network (e.g. iot-pipeline-dev)."
  type        = string
}

variable "cidr_block" {
  description = "IPv4 CIDR of the VPC; a /16 to /20 so that each AZ gets a private /20../24 and a small public subnet."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && tonumber(split("/", var.cidr_block)[1]) >= 16 && tonumber(split("/", var.cidr_block)[1]) <= 20
    error_message = "cidr_block must be a valid IPv4 CIDR with a prefix length between /16 and /20."
  }
}

variable "az_count" {
  description = "How many availability zones get a private subnet (2 or 3)."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 3 && floor(var.az_count) == var.az_count
    error_message = "az_count must be 2 or 3."
  }
}

variable "availability_zones" {
  description = "Explicit AZ names to use; empty means the first az_count available AZs of the region."
  type        = list(string)
  default     = []
}

variable "enable_nat_gateway" {
  description = "Create one NAT gateway (public subnet + internet gateway) for egress to third parties such as PagerDuty. AWS APIs are reached through VPC endpoints either way."
  type        = bool
  default     = true
}

variable "interface_endpoints" {
  description = "AWS service names (the part after com.amazonaws.<region>.) that get an interface VPC endpoint in the private subnets."
  type        = list(string)
  default     = ["secretsmanager", "sns", "monitoring", "logs", "sts", "lambda", "sqs", "ecr.api", "ecr.dkr", "xray"]
}

variable "kafka_port" {
  description = "Broker port for SASL/IAM over TLS (9098 for MSK provisioned and Serverless)."
  type        = number
  default     = 9098
}

variable "database_port" {
  description = "PostgreSQL port of the registry/alert store."
  type        = number
  default     = 5432
}

variable "service_port" {
  description = "Port the streams-service listens on (HTTP API, dashboard, health, metrics)."
  type        = number
  default     = 8080
}

variable "flow_logs" {
  description = "VPC flow logs to CloudWatch Logs: enabled flag, retention in days and the KMS key that encrypts the log group (null = AWS-owned key)."
  type = object({
    enabled        = optional(bool, true)
    retention_days = optional(number, 30)
    kms_key_arn    = optional(string)
  })
  default = {}
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
