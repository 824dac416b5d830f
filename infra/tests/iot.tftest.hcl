# IoT Core and HTTP ingest: device policy scoped to the thing, exact rule SQL, error actions,
# scoped invoke permissions, fleet provisioning behind the registry hook.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name = "iot-pipeline-test"
  ingest_function = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:iot-pipeline-test-ingest"
    name       = "iot-pipeline-test-ingest"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:iot-pipeline-test-ingest/invocations"
  }
  error_bucket = {
    id  = "archive-bucket"
    arn = "arn:aws:s3:::archive-bucket"
  }
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000001"
}

run "device_policy_is_scoped_to_the_thing" {
  command = plan

  module {
    source = "./modules/iot"
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iot_policy.device.policy).Statement :
      s.Action == ["iot:Connect"] && s.Resource == ["arn:aws:iot:eu-west-1:123456789012:client/$${iot:Connection.Thing.ThingName}"] && try(s.Condition.Bool["iot:Connection.Thing.IsAttached"], "") == "true"
    ])
    error_message = "A device may connect only with client id = its own thing name, and only when its certificate is attached to that thing (IsAttached = true)."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iot_policy.device.policy).Statement :
      s.Action == ["iot:Publish"] && s.Resource == ["arn:aws:iot:eu-west-1:123456789012:topic/dt/*/$${iot:Connection.Thing.ThingName}/telemetry"]
    ])
    error_message = "A device may publish only to dt/<type>/<its own thing name>/telemetry."
  }

  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iot_policy.device.policy).Statement : [for r in s.Resource : strcontains(r, "$${iot:Connection.Thing.ThingName}")]
    ]))
    error_message = "Every resource of the device policy must contain the iot:Connection.Thing.ThingName policy variable."
  }

  assert {
    condition     = toset(keys(aws_iot_thing_type.this)) == toset(["smart-meter", "temperature-sensor"])
    error_message = "Thing types smart-meter and temperature-sensor must exist."
  }
}

run "topic_rules_reach_ingest_and_never_lose_messages" {
  command = plan

  module {
    source = "./modules/iot"
  }

  assert {
    condition     = aws_iot_topic_rule.this["telemetry"].sql == "SELECT encode(*, 'base64') AS payload, topic() AS topic, clientid() AS clientId, timestamp() AS receivedAt FROM 'dt/+/+/telemetry'" && aws_iot_topic_rule.this["telemetry"].sql_version == "2016-03-23"
    error_message = "The telemetry rule SQL must be exactly the contract's (base64 payload, topic, clientId, receivedAt from dt/+/+/telemetry), sql_version 2016-03-23."
  }

  assert {
    condition     = aws_iot_topic_rule.this["lifecycle"].sql == "SELECT * FROM '$aws/events/presence/+/+'"
    error_message = "The lifecycle rule must select the presence events '$aws/events/presence/+/+'."
  }

  assert {
    condition     = alltrue([for r in aws_iot_topic_rule.this : length(r.error_action) == 1 && length(one(r.error_action).s3) == 1 && startswith(one(one(r.error_action).s3).key, "errors/iot-rules/")])
    error_message = "Every topic rule must have an error action (S3 under errors/iot-rules/) so that nothing is lost when the function fails."
  }

  assert {
    condition     = alltrue([for r in aws_iot_topic_rule.this : one(r.lambda).function_arn == var.ingest_function.arn])
    error_message = "Both rules invoke the ingest function."
  }

  assert {
    condition     = alltrue([for k, p in aws_lambda_permission.topic_rule : p.principal == "iot.amazonaws.com" && p.source_arn == aws_iot_topic_rule.this[k].arn && p.source_account == "123456789012"])
    error_message = "IoT may invoke ingest only from the pipeline's own topic rules (source ARN and account)."
  }
}

run "http_ingest_api" {
  command = plan

  module {
    source = "./modules/iot"
  }

  assert {
    condition     = aws_apigatewayv2_route.telemetry.route_key == "POST /telemetry/{deviceType}/{sensorId}" && aws_apigatewayv2_route.telemetry.authorization_type == "AWS_IAM"
    error_message = "HTTP ingest is POST /telemetry/{deviceType}/{sensorId}, SigV4-authorized by default."
  }

  assert {
    condition     = aws_apigatewayv2_integration.ingest.payload_format_version == "2.0" && aws_apigatewayv2_integration.ingest.integration_type == "AWS_PROXY"
    error_message = "The HTTP API integrates the ingest function with payload format 2.0."
  }

  assert {
    condition     = one(aws_apigatewayv2_stage.this.default_route_settings).throttling_rate_limit == 500 && one(aws_apigatewayv2_stage.this.default_route_settings).throttling_burst_limit == 1000 && one(aws_apigatewayv2_stage.this.access_log_settings).destination_arn == aws_cloudwatch_log_group.http_access.arn
    error_message = "The HTTP API stage must be throttled and write access logs."
  }

  assert {
    condition     = aws_lambda_permission.http_api.source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/POST/telemetry/*" && aws_lambda_permission.http_api.principal == "apigateway.amazonaws.com"
    error_message = "API Gateway may invoke ingest only for this API's POST /telemetry route."
  }

  assert {
    condition     = length(aws_iot_provisioning_template.this) == 0 && length(aws_iot_policy.claim) == 0
    error_message = "Fleet provisioning is off by default."
  }
}

run "fleet_provisioning_behind_registry_hook" {
  command = plan

  module {
    source = "./modules/iot"
  }

  variables {
    fleet_provisioning = {
      enabled                          = true
      pre_provisioning_hook_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:registry-check"
    }
  }

  assert {
    condition     = one(aws_iot_provisioning_template.this[0].pre_provisioning_hook).target_arn == "arn:aws:lambda:eu-west-1:123456789012:function:registry-check" && aws_iot_provisioning_template.this[0].type == "FLEET_PROVISIONING"
    error_message = "The provisioning template must call the registry pre-provisioning hook."
  }

  assert {
    condition     = aws_lambda_permission.pre_provisioning_hook[0].source_arn == "arn:aws:iot:eu-west-1:123456789012:provisioningtemplate/iot-pipeline-test-fleet"
    error_message = "IoT may invoke the pre-provisioning hook only for this provisioning template."
  }

  assert {
    condition     = jsondecode(aws_iot_provisioning_template.this[0].template_body).Resources.policy.Properties.PolicyName == aws_iot_policy.device.name
    error_message = "Provisioned devices get the same thing-scoped device policy."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_iot_policy.claim[0].policy).Statement : !contains(s.Action, "iot:Publish") || alltrue([for r in s.Resource : strcontains(r, ":topic/$aws/certificates/create/") || strcontains(r, ":topic/$aws/provisioning-templates/iot-pipeline-test-fleet/")])])
    error_message = "The claim certificate may publish only to the certificate-creation and its template's provisioning topics."
  }
}

run "iot_validations" {
  command = plan

  module {
    source = "./modules/iot"
  }

  variables {
    fleet_provisioning = { enabled = true }
    thing_types        = { "Smart Meter" = {} }
    http_ingest        = { authorization_type = "API_KEY" }
  }

  expect_failures = [var.fleet_provisioning, var.thing_types, var.http_ingest]
}

run "http_ingest_throttling_validation" {
  command = plan

  module {
    source = "./modules/iot"
  }

  variables {
    http_ingest = { throttling_rate_limit = 0 }
  }

  expect_failures = [var.http_ingest]
}
