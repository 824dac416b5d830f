# A throw-away development environment of the whole pipeline. Everything not set here takes the
# root module's secure defaults (IAM+TLS Kafka, KMS everywhere, private subnets, alarms).
#
#   terraform init && terraform apply        # in this directory, with terraform.tfvars
#
# tests/example_minimal.tftest.hcl plans the root module with these same values.

module "pipeline" {
  source = "../.."

  environment           = var.environment
  region                = var.region
  tags                  = var.tags
  pagerduty_routing_key = var.pagerduty_routing_key

  msk = {
    mode          = "provisioned"
    broker_count  = 2
    instance_type = "kafka.t3.small"
  }

  streams = {
    desired_count = 1
    min_count     = 1
    max_count     = 2
  }

  database = {
    max_capacity_acu    = 2
    deletion_protection = false
    skip_final_snapshot = true
  }

  archive = {
    force_destroy = true
  }
}
