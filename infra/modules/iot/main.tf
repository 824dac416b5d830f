data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  iot_arn    = "arn:${local.partition}:iot:${local.region}:${local.account_id}"

  rule_prefix       = replace(var.name, "-", "_")
  telemetry_sql     = "SELECT encode(*, 'base64') AS payload, topic() AS topic, clientid() AS clientId, timestamp() AS receivedAt FROM 'dt/+/+/telemetry'"
  lifecycle_sql     = "SELECT * FROM '$aws/events/presence/+/+'"
  device_policy     = "${var.name}-device"
  claim_policy      = "${var.name}-provisioning-claim"
  template_name     = "${var.name}-fleet"
  error_prefix      = trimsuffix(var.error_bucket.prefix, "/")
  fleet_provisioned = var.fleet_provisioning.enabled

  # A device connects only as the thing its certificate is attached to, and publishes only to its own
  # telemetry topic. ${iot:...} are IoT policy variables, escaped from Terraform interpolation.
  device_policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ConnectAsOwnThing"
        Effect    = "Allow"
        Action    = ["iot:Connect"]
        Resource  = ["${local.iot_arn}:client/$${iot:Connection.Thing.ThingName}"]
        Condition = { Bool = { "iot:Connection.Thing.IsAttached" = "true" } }
      },
      {
        Sid      = "PublishOwnTelemetry"
        Effect   = "Allow"
        Action   = ["iot:Publish"]
        Resource = ["${local.iot_arn}:topic/dt/*/$${iot:Connection.Thing.ThingName}/telemetry"]
      },
    ]
  })

  # The claim certificate may only talk to the certificate-creation and provisioning-template topics.
  claim_policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ConnectForProvisioning"
        Effect   = "Allow"
        Action   = ["iot:Connect"]
        Resource = ["${local.iot_arn}:client/provisioning-*"]
      },
      {
        Sid    = "ProvisioningTopics"
        Effect = "Allow"
        Action = ["iot:Publish", "iot:Receive"]
        Resource = [
          "${local.iot_arn}:topic/$aws/certificates/create/*",
          "${local.iot_arn}:topic/$aws/provisioning-templates/${local.template_name}/provision/*",
        ]
      },
      {
        Sid    = "ProvisioningTopicFilters"
        Effect = "Allow"
        Action = ["iot:Subscribe"]
        Resource = [
          "${local.iot_arn}:topicfilter/$aws/certificates/create/*",
          "${local.iot_arn}:topicfilter/$aws/provisioning-templates/${local.template_name}/provision/*",
        ]
      },
    ]
  })

  rule_error_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteUndeliveredMessages"
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = ["${var.error_bucket.arn}/${local.error_prefix}/*"]
      },
      {
        Sid      = "EncryptUndeliveredMessages"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = [var.kms_key_arn]
      },
    ]
  })

  # What the provisioning service may do on the template's behalf (a narrowed AWSIoTThingsRegistration).
  provisioning_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "RegisterThings"
        Effect   = "Allow"
        Action   = ["iot:CreateThing", "iot:DescribeThing", "iot:UpdateThing", "iot:AttachThingPrincipal"]
        Resource = ["${local.iot_arn}:thing/*"]
      },
      {
        Sid      = "UseThingTypes"
        Effect   = "Allow"
        Action   = ["iot:DescribeThingType"]
        Resource = [for t in keys(var.thing_types) : "${local.iot_arn}:thingtype/${t}"]
      },
      {
        Sid      = "ActivateCertificates"
        Effect   = "Allow"
        Action   = ["iot:DescribeCertificate", "iot:UpdateCertificate", "iot:AttachThingPrincipal", "iot:AttachPolicy"]
        Resource = ["${local.iot_arn}:cert/*"]
      },
      {
        Sid      = "AttachDevicePolicy"
        Effect   = "Allow"
        Action   = ["iot:AttachPolicy", "iot:GetPolicy"]
        Resource = ["${local.iot_arn}:policy/${local.device_policy}"]
      },
    ]
  })

  provisioning_template = jsonencode({
    Parameters = {
      SerialNumber                = { Type = "String" }
      DeviceType                  = { Type = "String" }
      "AWS::IoT::Certificate::Id" = { Type = "String" }
    }
    Resources = {
      thing = {
        Type = "AWS::IoT::Thing"
        Properties = {
          ThingName     = { Ref = "SerialNumber" }
          ThingTypeName = { Ref = "DeviceType" }
        }
        OverrideSettings = { ThingTypeName = "REPLACE" }
      }
      certificate = {
        Type = "AWS::IoT::Certificate"
        Properties = {
          CertificateId = { Ref = "AWS::IoT::Certificate::Id" }
          Status        = "ACTIVE"
        }
      }
      policy = {
        Type       = "AWS::IoT::Policy"
        Properties = { PolicyName = local.device_policy }
      }
    }
  })

  topic_rules = {
    telemetry = { sql = local.telemetry_sql, description = "Device telemetry (dt/{deviceType}/{sensorId}/telemetry) to the ingest function" }
    lifecycle = { sql = local.lifecycle_sql, description = "Connect/disconnect lifecycle events to the ingest function" }
  }
}

# --- Things ---

resource "aws_iot_thing_type" "this" {
  for_each = var.thing_types

  name = each.key

  properties {
    description           = each.value.description
    searchable_attributes = each.value.searchable_attributes
  }

  tags = var.tags
}

resource "aws_iot_policy" "device" {
  name   = local.device_policy
  policy = local.device_policy_document

  tags = var.tags
}

# --- Topic rules -> ingest function, with an S3 error action each ---

resource "aws_iam_role" "rule_errors" {
  name = "${var.name}-iot-rule-errors"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "iot.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "rule_errors" {
  name   = "write-undelivered-messages"
  role   = aws_iam_role.rule_errors.id
  policy = local.rule_error_policy
}

resource "aws_iot_topic_rule" "this" {
  for_each = local.topic_rules

  name        = "${local.rule_prefix}_${each.key}"
  description = each.value.description
  enabled     = true
  sql         = each.value.sql
  sql_version = "2016-03-23"

  lambda {
    function_arn = var.ingest_function.arn
  }

  error_action {
    s3 {
      bucket_name = var.error_bucket.id
      key         = "${local.error_prefix}/${each.key}/$${parse_time(\"yyyy-MM-dd\", timestamp())}/$${timestamp()}-$${newuuid()}.json"
      role_arn    = aws_iam_role.rule_errors.arn
    }
  }

  tags = var.tags
}

resource "aws_lambda_permission" "topic_rule" {
  for_each = local.topic_rules

  statement_id   = "AllowIotRule-${each.key}"
  action         = "lambda:InvokeFunction"
  function_name  = var.ingest_function.name
  principal      = "iot.amazonaws.com"
  source_arn     = aws_iot_topic_rule.this[each.key].arn
  source_account = local.account_id
}

# --- Fleet provisioning by claim (optional, always behind the registry pre-provisioning hook) ---

resource "aws_iot_policy" "claim" {
  count = local.fleet_provisioned ? 1 : 0

  name   = local.claim_policy
  policy = local.claim_policy_document

  tags = var.tags
}

resource "aws_iam_role" "provisioning" {
  count = local.fleet_provisioned ? 1 : 0

  name = "${var.name}-iot-provisioning"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "iot.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "provisioning" {
  count = local.fleet_provisioned ? 1 : 0

  name   = "register-things"
  role   = aws_iam_role.provisioning[0].id
  policy = local.provisioning_policy
}

resource "aws_lambda_permission" "pre_provisioning_hook" {
  count = local.fleet_provisioned ? 1 : 0

  statement_id   = "AllowIotPreProvisioningHook"
  action         = "lambda:InvokeFunction"
  function_name  = var.fleet_provisioning.pre_provisioning_hook_lambda_arn
  principal      = "iot.amazonaws.com"
  source_arn     = "${local.iot_arn}:provisioningtemplate/${local.template_name}"
  source_account = local.account_id
}

resource "aws_iot_provisioning_template" "this" {
  count = local.fleet_provisioned ? 1 : 0

  name                  = local.template_name
  description           = "Provision a device by claim certificate after the registry check"
  provisioning_role_arn = aws_iam_role.provisioning[0].arn
  enabled               = true
  type                  = "FLEET_PROVISIONING"
  template_body         = local.provisioning_template

  pre_provisioning_hook {
    target_arn      = var.fleet_provisioning.pre_provisioning_hook_lambda_arn
    payload_version = "2020-04-01"
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.provisioning, aws_lambda_permission.pre_provisioning_hook]
}

# --- HTTP ingest: API Gateway HTTP API -> ingest function (payload format 2.0) ---

resource "aws_apigatewayv2_api" "this" {
  name          = "${var.name}-ingest"
  protocol_type = "HTTP"
  description   = "HTTP telemetry ingest: POST /telemetry/{deviceType}/{sensorId}"

  tags = var.tags
}

resource "aws_apigatewayv2_integration" "ingest" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_uri        = var.ingest_function.invoke_arn
  integration_method     = "POST"
  payload_format_version = "2.0"
  timeout_milliseconds   = 29000
}

resource "aws_apigatewayv2_route" "telemetry" {
  api_id             = aws_apigatewayv2_api.this.id
  route_key          = "POST /telemetry/{deviceType}/{sensorId}"
  target             = "integrations/${aws_apigatewayv2_integration.ingest.id}"
  authorization_type = var.http_ingest.authorization_type
}

resource "aws_cloudwatch_log_group" "http_access" {
  name              = "/aws/apigateway/${var.name}-ingest/access"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_rate_limit  = var.http_ingest.throttling_rate_limit
    throttling_burst_limit = var.http_ingest.throttling_burst_limit
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.http_access.arn
    format = jsonencode({
      requestId        = "$context.requestId"
      ip               = "$context.identity.sourceIp"
      requestTime      = "$context.requestTime"
      routeKey         = "$context.routeKey"
      path             = "$context.path"
      status           = "$context.status"
      responseLength   = "$context.responseLength"
      integrationError = "$context.integrationErrorMessage"
      latencyMs        = "$context.responseLatency"
    })
  }

  tags = var.tags
}

resource "aws_lambda_permission" "http_api" {
  statement_id  = "AllowHttpApiTelemetryRoute"
  action        = "lambda:InvokeFunction"
  function_name = var.ingest_function.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/POST/telemetry/*"
}
