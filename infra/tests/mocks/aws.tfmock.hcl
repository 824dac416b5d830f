# Fake values for the computed attributes the plan-only tests read. Used with `override_during = plan`
# so that ARNs are known at plan time and the policy JSON the tests decode is the real document.

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:root"
    user_id    = "123456789012"
  }
}

mock_data "aws_region" {
  defaults = {
    name        = "eu-west-1"
    id          = "eu-west-1"
    description = "Europe (Ireland)"
    endpoint    = "ec2.eu-west-1.amazonaws.com"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition          = "aws"
    dns_suffix         = "amazonaws.com"
    reverse_dns_prefix = "com.amazonaws"
  }
}

mock_data "aws_availability_zones" {
  defaults = {
    names    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    zone_ids = ["euw1-az1", "euw1-az2", "euw1-az3"]
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000001"
    key_id = "00000000-0000-0000-0000-000000000001"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    id     = "iot-pipeline-test-archive-mock"
    bucket = "iot-pipeline-test-archive-mock"
    arn    = "arn:aws:s3:::iot-pipeline-test-archive-mock"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:eu-west-1:123456789012:iot-pipeline-test-mock"
  }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:iot-pipeline-test/pagerduty-routing-key-AbCdEf"
  }
}

mock_resource "aws_rds_cluster" {
  defaults = {
    endpoint = "iot-pipeline-test-db.cluster-abc.eu-west-1.rds.amazonaws.com"
    port     = 5432
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-mock-AbCdEf"
      kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000001"
      secret_status = "active"
    }]
  }
}

mock_resource "aws_msk_cluster" {
  defaults = {
    arn                        = "arn:aws:kafka:eu-west-1:123456789012:cluster/iot-pipeline-test/11111111-2222-3333-4444-555555555555-1"
    cluster_uuid               = "11111111-2222-3333-4444-555555555555-1"
    bootstrap_brokers_sasl_iam = "b-1.mock.kafka.eu-west-1.amazonaws.com:9098,b-2.mock.kafka.eu-west-1.amazonaws.com:9098"
  }
}

mock_resource "aws_msk_serverless_cluster" {
  defaults = {
    arn                        = "arn:aws:kafka:eu-west-1:123456789012:cluster/iot-pipeline-test/11111111-2222-3333-4444-555555555555-s1"
    cluster_uuid               = "11111111-2222-3333-4444-555555555555-s1"
    bootstrap_brokers_sasl_iam = "boot-mock.c1.kafka-serverless.eu-west-1.amazonaws.com:9098"
  }
}

mock_resource "aws_msk_configuration" {
  defaults = {
    arn             = "arn:aws:kafka:eu-west-1:123456789012:configuration/iot-pipeline-test/mock"
    latest_revision = 1
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:iot-pipeline-test-mock"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:iot-pipeline-test-mock/invocations"
  }
}

mock_resource "aws_iot_topic_rule" {
  defaults = {
    arn = "arn:aws:iot:eu-west-1:123456789012:rule/iot_pipeline_test_mock"
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:iot-pipeline-test-function-failures"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/iot-pipeline-test-function-failures"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/iot-pipeline-test-function-failures"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/iot-pipeline-test-mock"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/mock"
  }
}

mock_resource "aws_apigatewayv2_api" {
  defaults = {
    id            = "abc123"
    api_endpoint  = "https://abc123.execute-api.eu-west-1.amazonaws.com"
    execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:abc123"
  }
}

mock_resource "aws_ecr_repository" {
  defaults = {
    arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/iot-pipeline-test/streams-service"
    repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/iot-pipeline-test/streams-service"
  }
}
