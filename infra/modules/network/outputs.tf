output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "private_subnet_ids" {
  description = "IDs of the private subnets, one per AZ."
  value       = aws_subnet.private[*].id
}

output "availability_zones" {
  description = "AZs the private subnets are in."
  value       = local.azs
}

output "security_group_ids" {
  description = "Security group IDs by role: endpoints, functions, streams, msk, database, alb."
  value       = { for k, sg in aws_security_group.this : k => sg.id }
}

output "nat_gateway_id" {
  description = "ID of the NAT gateway, null when enable_nat_gateway is false."
  value       = try(aws_nat_gateway.this[0].id, null)
}

output "vpc_endpoint_ids" {
  description = "IDs of the VPC endpoints by service (s3 is the gateway endpoint)."
  value       = merge({ s3 = aws_vpc_endpoint.s3.id }, { for k, e in aws_vpc_endpoint.interface : k => e.id })
}

output "iam_policy_documents" {
  description = "JSON of every IAM policy this module writes, by name (for review and tests)."
  value       = { flow_logs = local.flow_logs_policy }
}
