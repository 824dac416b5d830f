data "aws_region" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = length(var.availability_zones) > 0 ? slice(var.availability_zones, 0, var.az_count) : slice(data.aws_availability_zones.available.names, 0, var.az_count)

  # Private /20s (for a /16) from the bottom of the range, the small public subnet (NAT only) from the top.
  private_cidrs = [for i in range(var.az_count) : cidrsubnet(var.cidr_block, 4, i)]
  public_cidr   = cidrsubnet(var.cidr_block, 8, 255)

  security_groups = {
    endpoints = "HTTPS from the VPC to the interface VPC endpoints"
    functions = "Lambda functions (ingest, alert-fanout, archive)"
    streams   = "streams-service tasks on ECS Fargate"
    msk       = "MSK brokers: SASL/IAM over TLS from functions and streams-service only"
    database  = "Aurora PostgreSQL: from streams-service and functions only"
    alb       = "Internal ALB in front of streams-service"
  }
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(var.tags, { Name = var.name })
}

# The default security group of a VPC allows all traffic between its members: take every rule away.
resource "aws_default_security_group" "this" {
  vpc_id  = aws_vpc.this.id
  ingress = []
  egress  = []

  tags = merge(var.tags, { Name = "${var.name}-default-deny" })
}

resource "aws_subnet" "private" {
  count = var.az_count

  vpc_id                  = aws_vpc.this.id
  cidr_block              = local.private_cidrs[count.index]
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = false

  tags = merge(var.tags, { Name = "${var.name}-private-${local.azs[count.index]}", Tier = "private" })
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-private" })
}

resource "aws_route_table_association" "private" {
  count = var.az_count

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

# --- Optional egress to the internet (PagerDuty Events API) through a single NAT gateway ---

resource "aws_internet_gateway" "this" {
  count = var.enable_nat_gateway ? 1 : 0

  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_subnet" "public" {
  count = var.enable_nat_gateway ? 1 : 0

  vpc_id                  = aws_vpc.this.id
  cidr_block              = local.public_cidr
  availability_zone       = local.azs[0]
  map_public_ip_on_launch = false

  tags = merge(var.tags, { Name = "${var.name}-public-nat", Tier = "public" })
}

resource "aws_route_table" "public" {
  count = var.enable_nat_gateway ? 1 : 0

  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-public" })
}

resource "aws_route" "public_internet" {
  count = var.enable_nat_gateway ? 1 : 0

  route_table_id         = aws_route_table.public[0].id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this[0].id
}

resource "aws_route_table_association" "public" {
  count = var.enable_nat_gateway ? 1 : 0

  subnet_id      = aws_subnet.public[0].id
  route_table_id = aws_route_table.public[0].id
}

resource "aws_eip" "nat" {
  count = var.enable_nat_gateway ? 1 : 0

  domain = "vpc"

  tags = merge(var.tags, { Name = "${var.name}-nat" })
}

resource "aws_nat_gateway" "this" {
  count = var.enable_nat_gateway ? 1 : 0

  allocation_id = aws_eip.nat[0].id
  subnet_id     = aws_subnet.public[0].id

  tags = merge(var.tags, { Name = var.name })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route" "private_nat" {
  count = var.enable_nat_gateway ? 1 : 0

  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[0].id
}

# --- Security groups: one per role, rules reference each other rather than CIDRs ---

resource "aws_security_group" "this" {
  for_each = local.security_groups

  name_prefix = "${var.name}-${each.key}-"
  description = each.value
  vpc_id      = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_https" {
  security_group_id = aws_security_group.this["endpoints"].id
  description       = "HTTPS to AWS APIs from inside the VPC"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.cidr_block

  tags = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "msk" {
  for_each = toset(["functions", "streams"])

  security_group_id            = aws_security_group.this["msk"].id
  description                  = "Kafka SASL/IAM over TLS from ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = var.kafka_port
  to_port                      = var.kafka_port
  referenced_security_group_id = aws_security_group.this[each.key].id

  tags = var.tags
}

# Lambda's MSK event source pollers run with the function's security group and must reach the brokers
# and the security group itself (AWS requirement for self-referencing rule on MSK ESMs).
resource "aws_vpc_security_group_ingress_rule" "msk_self" {
  security_group_id            = aws_security_group.this["msk"].id
  description                  = "Broker to broker and Lambda event source pollers"
  ip_protocol                  = "tcp"
  from_port                    = var.kafka_port
  to_port                      = var.kafka_port
  referenced_security_group_id = aws_security_group.this["msk"].id

  tags = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "database" {
  for_each = toset(["functions", "streams"])

  security_group_id            = aws_security_group.this["database"].id
  description                  = "PostgreSQL from ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.this[each.key].id

  tags = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  security_group_id = aws_security_group.this["alb"].id
  description       = "HTTP(S) to the internal ALB from inside the VPC"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 443
  cidr_ipv4         = var.cidr_block

  tags = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "streams_from_alb" {
  security_group_id            = aws_security_group.this["streams"].id
  description                  = "streams-service HTTP from the internal ALB"
  ip_protocol                  = "tcp"
  from_port                    = var.service_port
  to_port                      = var.service_port
  referenced_security_group_id = aws_security_group.this["alb"].id

  tags = var.tags
}

resource "aws_vpc_security_group_egress_rule" "alb_to_streams" {
  security_group_id            = aws_security_group.this["alb"].id
  description                  = "ALB to streams-service tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.service_port
  to_port                      = var.service_port
  referenced_security_group_id = aws_security_group.this["streams"].id

  tags = var.tags
}

# A query for a key another streams-service instance owns is forwarded to that instance's HTTP API
# (Kafka Streams' application.server, decision 0317): the tasks reach each other on the service port.
resource "aws_vpc_security_group_ingress_rule" "streams_from_streams" {
  security_group_id            = aws_security_group.this["streams"].id
  description                  = "streams-service instances query each other's state stores (interactive queries)"
  ip_protocol                  = "tcp"
  from_port                    = var.service_port
  to_port                      = var.service_port
  referenced_security_group_id = aws_security_group.this["streams"].id

  tags = var.tags
}

resource "aws_vpc_security_group_egress_rule" "streams_to_streams" {
  security_group_id            = aws_security_group.this["streams"].id
  description                  = "streams-service instances query each other's state stores (interactive queries)"
  ip_protocol                  = "tcp"
  from_port                    = var.service_port
  to_port                      = var.service_port
  referenced_security_group_id = aws_security_group.this["streams"].id

  tags = var.tags
}

locals {
  # Egress of the compute roles: Kafka, PostgreSQL, and HTTPS (VPC endpoints, S3 gateway, and through the
  # NAT gateway the PagerDuty Events API, which has no fixed address range).
  compute_egress = {
    for pair in setproduct(["functions", "streams"], ["kafka", "database", "https"]) : "${pair[0]}-${pair[1]}" => {
      sg   = pair[0]
      kind = pair[1]
    }
  }
}

resource "aws_vpc_security_group_egress_rule" "compute" {
  for_each = local.compute_egress

  security_group_id            = aws_security_group.this[each.value.sg].id
  description                  = "${each.value.sg} to ${each.value.kind}"
  ip_protocol                  = "tcp"
  from_port                    = each.value.kind == "kafka" ? var.kafka_port : each.value.kind == "database" ? var.database_port : 443
  to_port                      = each.value.kind == "kafka" ? var.kafka_port : each.value.kind == "database" ? var.database_port : 443
  referenced_security_group_id = each.value.kind == "kafka" ? aws_security_group.this["msk"].id : each.value.kind == "database" ? aws_security_group.this["database"].id : null
  cidr_ipv4                    = each.value.kind == "https" ? "0.0.0.0/0" : null

  tags = var.tags
}

# Lambda's MSK event source pollers run in the cluster's subnets with its security group and call
# Lambda, STS and SQS (on-failure destination) through the interface endpoints.
resource "aws_vpc_security_group_egress_rule" "msk_pollers_https" {
  security_group_id = aws_security_group.this["msk"].id
  description       = "MSK event source pollers to the VPC endpoints"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.cidr_block

  tags = var.tags
}

resource "aws_vpc_security_group_egress_rule" "msk_self" {
  security_group_id            = aws_security_group.this["msk"].id
  description                  = "Broker to broker replication"
  ip_protocol                  = "tcp"
  from_port                    = var.kafka_port
  to_port                      = var.kafka_port
  referenced_security_group_id = aws_security_group.this["msk"].id

  tags = var.tags
}

# --- VPC endpoints: AWS APIs without a NAT gateway ---

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]

  tags = merge(var.tags, { Name = "${var.name}-s3" })
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset(var.interface_endpoints)

  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.this["endpoints"].id]

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

# --- VPC flow logs ---

resource "aws_cloudwatch_log_group" "flow_logs" {
  count = var.flow_logs.enabled ? 1 : 0

  name              = "/aws/vpc/${var.name}/flow-logs"
  retention_in_days = var.flow_logs.retention_days
  kms_key_id        = var.flow_logs.kms_key_arn

  tags = var.tags
}

resource "aws_iam_role" "flow_logs" {
  count = var.flow_logs.enabled ? 1 : 0

  name_prefix = "${substr(var.name, 0, 24)}-flowlogs-"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "vpc-flow-logs.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "flow_logs" {
  count = var.flow_logs.enabled ? 1 : 0

  name   = "write-flow-logs"
  role   = aws_iam_role.flow_logs[0].id
  policy = local.flow_logs_policy
}

locals {
  flow_logs_policy = var.flow_logs.enabled ? jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "WriteFlowLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
      Resource = ["${aws_cloudwatch_log_group.flow_logs[0].arn}:*"]
    }]
  }) : null
}

resource "aws_flow_log" "this" {
  count = var.flow_logs.enabled ? 1 : 0

  vpc_id          = aws_vpc.this.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow_logs[0].arn
  iam_role_arn    = aws_iam_role.flow_logs[0].arn

  tags = var.tags
}
