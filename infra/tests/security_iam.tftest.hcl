# Least privilege across every IAM and IoT policy the whole configuration writes (root module, plan
# only). Policies are built with jsonencode() of locals, so the plan holds the real documents.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  environment = "test"

  # Actions that have no resource-level permissions in IAM: the only ones allowed on Resource "*".
  star_resource_allowlist = [
    "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses", "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs",
    "xray:PutTraceSegments", "xray:PutTelemetryRecords",
    "cloudwatch:PutMetricData", "ecr:GetAuthorizationToken",
  ]
}

run "iam_policies_least_privilege" {
  command = plan

  assert {
    condition     = length(output.iam_policy_documents) >= 7
    error_message = "Every IAM policy of the configuration must be exposed in output.iam_policy_documents so that it can be reviewed and tested."
  }

  assert {
    condition = alltrue(flatten([
      for name, doc in output.iam_policy_documents : [
        for s in jsondecode(doc).Statement : [for a in flatten([s.Action]) : a != "*" && !endswith(a, ":*")]
      ]
    ]))
    error_message = "No IAM policy may grant \"*\" or \"<service>:*\" actions: name each action."
  }

  assert {
    condition = alltrue(flatten([
      for name, doc in output.iam_policy_documents : [
        for s in jsondecode(doc).Statement :
        !contains(flatten([s.Resource]), "*") || alltrue([for a in flatten([s.Action]) : contains(var.star_resource_allowlist, a)])
      ]
    ]))
    error_message = "Resource \"*\" is allowed only for actions without resource-level permissions (ENI management, X-Ray, PutMetricData, ECR login); scope every other action to ARNs."
  }

  assert {
    condition = alltrue(flatten([
      for name, doc in output.iam_policy_documents : [
        for s in jsondecode(doc).Statement :
        !contains(flatten([s.Action]), "cloudwatch:PutMetricData") || try(s.Condition.StringEquals["cloudwatch:namespace"] == "IotPipeline", false)
      ]
    ]))
    error_message = "cloudwatch:PutMetricData must be limited to the IotPipeline namespace by a cloudwatch:namespace condition."
  }

  assert {
    condition = alltrue(flatten([
      for name, doc in output.iam_policy_documents : [for s in jsondecode(doc).Statement : s.Effect == "Allow" || s.Effect == "Deny"]
    ]))
    error_message = "Every policy statement must have an explicit Effect."
  }

  assert {
    condition = alltrue(flatten([
      for name, doc in output.iot_policy_documents : [
        for s in jsondecode(doc).Statement : concat(
          [for a in flatten([s.Action]) : a != "*" && a != "iot:*"],
          [for r in flatten([s.Resource]) : r != "*"],
        )
      ]
    ]))
    error_message = "IoT policies must name their actions (no iot:*) and their resources (no bare \"*\")."
  }
}

run "function_and_task_policies_are_scoped_to_their_job" {
  command = plan

  assert {
    condition = toset(flatten([
      for s in jsondecode(output.iam_policy_documents["functions.alert-fanout"]).Statement : s.Resource if contains(s.Action, "sns:Publish")
    ])) == toset([output.sns_topic_arns["critical"], output.sns_topic_arns["monitoring"]])
    error_message = "alert-fanout may publish only to the critical and monitoring SNS topics."
  }

  assert {
    condition = alltrue([
      for r in flatten([for s in jsondecode(output.iam_policy_documents["functions.archive"]).Statement : s.Resource if contains(s.Action, "s3:PutObject")]) :
      r == "arn:aws:s3:::${output.archive_bucket_id}/raw/*" || r == "arn:aws:s3:::${output.archive_bucket_id}/alerts/*"
    ])
    error_message = "archive may put objects only under raw/* and alerts/* of the archive bucket."
  }

  assert {
    condition = flatten([
      for s in jsondecode(output.iam_policy_documents["functions.alert-fanout"]).Statement : s.Resource if contains(s.Action, "secretsmanager:GetSecretValue")
    ]) == [output.pagerduty_secret_arn, output.rds_cluster_master_user_secret_arn]
    error_message = "alert-fanout may read only the PagerDuty routing key secret and the ledger database's RDS-managed secret."
  }

  assert {
    condition = alltrue([
      for f in ["ingest", "archive"] : !strcontains(output.iam_policy_documents["functions.${f}"], "secretsmanager:") && !strcontains(output.iam_policy_documents["functions.${f}"], "sns:Publish")
    ])
    error_message = "Only alert-fanout reads secrets (PagerDuty key, ledger database) and publishes to SNS."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(output.iam_policy_documents["functions.ingest"]).Statement :
      !contains(s.Action, "kafka-cluster:WriteData") || alltrue([for r in s.Resource : can(regex(":topic/iot-pipeline-test/[^/]+/(iot-raw-events|iot-dlq|iot-device-presence)$", r))])
    ]) && !strcontains(output.iam_policy_documents["functions.ingest"], "kafka-cluster:ReadData")
    error_message = "ingest may write only to iot-raw-events, iot-dlq and iot-device-presence, and read nothing."
  }

  assert {
    condition = alltrue(flatten([
      for f in ["alert-fanout", "archive"] : [
        for s in jsondecode(output.iam_policy_documents["functions.${f}"]).Statement : [
          for r in s.Resource : can(regex(":group/iot-pipeline-test/[^/]+/iot-pipeline-test-", r)) if contains(s.Action, "kafka-cluster:AlterGroup")
        ]
      ]
    ]))
    error_message = "Event source consumers may alter only their own consumer groups."
  }

  assert {
    condition = alltrue(flatten([
      for name, doc in output.iam_policy_documents : [
        for s in jsondecode(doc).Statement : [for r in flatten([s.Resource]) : r == output.kms_key_arn] if anytrue([for a in flatten([s.Action]) : startswith(a, "kms:")])
      ]
    ]))
    error_message = "kms:Decrypt/GenerateDataKey may be granted only on the pipeline's own key."
  }

  assert {
    condition = alltrue(flatten([
      for s in jsondecode(output.iam_policy_documents["streams.task"]).Statement : [
        for r in flatten([s.Resource]) : r == "*" || can(regex("^arn:aws:kafka:eu-west-1:123456789012:(cluster|topic|group|transactional-id)/iot-pipeline-test/", r)) || r == output.rds_cluster_master_user_secret_arn || r == output.kms_key_arn
      ]
    ]))
    error_message = "The streams-service task role may touch only the pipeline's MSK cluster, topics, groups and transactional ids, the database's RDS-managed secret and the key that encrypts it (plus namespaced PutMetricData)."
  }

  assert {
    condition     = !strcontains(output.iam_policy_documents["streams.execution"], "secretsmanager:")
    error_message = "The execution role reads no secret: the service reads its database secret itself, per connection, so that rotation reaches it."
  }
}

run "fleet_provisioning_policies" {
  command = plan

  variables {
    iot = {
      fleet_provisioning_enabled       = true
      pre_provisioning_hook_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:registry-check"
    }
  }

  assert {
    condition     = contains(keys(output.iam_policy_documents), "iot.provisioning") && contains(keys(output.iot_policy_documents), "claim")
    error_message = "With fleet provisioning on, the provisioning role policy and the claim policy must exist."
  }

  assert {
    condition = alltrue(flatten([
      for doc in [output.iam_policy_documents["iot.provisioning"], output.iot_policy_documents["claim"]] : [
        for s in jsondecode(doc).Statement : concat(
          [for a in flatten([s.Action]) : a != "*" && a != "iot:*"],
          [for r in flatten([s.Resource]) : r != "*"],
        )
      ]
    ]))
    error_message = "The provisioning role and the claim certificate policy must name actions and resources (no \"*\")."
  }

  assert {
    condition     = output.iot_provisioning_template_name == "iot-pipeline-test-fleet"
    error_message = "The fleet provisioning template must exist when fleet provisioning is on."
  }
}
