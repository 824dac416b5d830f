# Same names and types as the root module's variables, so terraform.tfvars here also works as
# `terraform -chdir=infra apply -var-file=examples/minimal/terraform.tfvars`.

variable "environment" {
  description = "Environment name (e.g. dev)."
  type        = string
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}

variable "pagerduty_routing_key" {
  description = "PagerDuty routing key (optional; the secret can be filled later)."
  type        = string
  default     = null
  sensitive   = true
}
