# Network: private subnets in 2-3 AZs, endpoints for the AWS APIs, nothing public but the NAT.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name = "iot-pipeline-test"
}

run "private_subnets_and_endpoints" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    az_count = 3
  }

  assert {
    condition     = length(aws_subnet.private) == 3 && length(toset([for s in aws_subnet.private : s.availability_zone])) == 3
    error_message = "az_count = 3 must give one private subnet in each of three AZs."
  }

  assert {
    condition     = alltrue([for s in aws_subnet.private : !s.map_public_ip_on_launch])
    error_message = "Private subnets must not assign public IPs."
  }

  assert {
    condition     = aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway" && alltrue([for svc in ["secretsmanager", "sns", "monitoring", "logs", "sts"] : contains(keys(aws_vpc_endpoint.interface), svc)])
    error_message = "The VPC needs an S3 gateway endpoint and interface endpoints for Secrets Manager, SNS, CloudWatch monitoring and logs, and STS."
  }

  assert {
    condition     = alltrue([for e in aws_vpc_endpoint.interface : e.private_dns_enabled && e.vpc_endpoint_type == "Interface"])
    error_message = "Interface endpoints must use private DNS so the SDKs reach them without configuration."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.msk["functions"].from_port == 9098 && aws_vpc_security_group_ingress_rule.msk["streams"].to_port == 9098
    error_message = "MSK accepts only the SASL/IAM TLS port 9098 from the compute security groups."
  }

  assert {
    condition     = length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "The VPC's default security group must have no rules."
  }

  assert {
    condition     = length(aws_flow_log.this) == 1 && aws_cloudwatch_log_group.flow_logs[0].retention_in_days == 30
    error_message = "VPC flow logs must be on by default, with a log retention."
  }
}

run "streams_instances_reach_each_other" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    service_port = 8090
  }

  # Security group IDs are only known after apply: give the two that matter distinct fake ones.
  override_resource {
    target          = aws_security_group.this["streams"]
    override_during = plan
    values          = { id = "sg-streams" }
  }

  override_resource {
    target          = aws_security_group.this["alb"]
    override_during = plan
    values          = { id = "sg-alb" }
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.streams_from_streams.security_group_id == "sg-streams" &&
      aws_vpc_security_group_ingress_rule.streams_from_streams.referenced_security_group_id == "sg-streams" &&
      aws_vpc_security_group_ingress_rule.streams_from_streams.cidr_ipv4 == null &&
      aws_vpc_security_group_ingress_rule.streams_from_streams.ip_protocol == "tcp" &&
      aws_vpc_security_group_ingress_rule.streams_from_streams.from_port == 8090 &&
      aws_vpc_security_group_ingress_rule.streams_from_streams.to_port == 8090
    )
    error_message = "streams-service tasks accept the service port (only) from their own security group, not from a CIDR, so that an instance can forward a query to the instance that owns the key."
  }

  assert {
    condition = (
      aws_vpc_security_group_egress_rule.streams_to_streams.security_group_id == "sg-streams" &&
      aws_vpc_security_group_egress_rule.streams_to_streams.referenced_security_group_id == "sg-streams" &&
      aws_vpc_security_group_egress_rule.streams_to_streams.cidr_ipv4 == null &&
      aws_vpc_security_group_egress_rule.streams_to_streams.ip_protocol == "tcp" &&
      aws_vpc_security_group_egress_rule.streams_to_streams.from_port == 8090 &&
      aws_vpc_security_group_egress_rule.streams_to_streams.to_port == 8090
    )
    error_message = "streams-service tasks may send to the service port of their own security group (and no CIDR): the forwarded interactive query."
  }

}

run "no_nat_when_disabled" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    enable_nat_gateway = false
    flow_logs          = { enabled = false }
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 0 && length(aws_internet_gateway.this) == 0 && length(aws_subnet.private) == 2
    error_message = "Without a NAT gateway the VPC has no internet gateway at all (endpoints only)."
  }
}

run "network_validations" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    az_count   = 4
    cidr_block = "10.40.0.0/24"
  }

  expect_failures = [var.az_count, var.cidr_block]
}
