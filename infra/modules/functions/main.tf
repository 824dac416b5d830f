data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  function_names      = ["ingest", "alert-fanout", "archive"]
  provisioned_pollers = var.event_source.provisioned_pollers != null

  runtimes = {
    native = { runtime = "provided.al2023", handler = "bootstrap" }
    jvm    = { runtime = "java21", handler = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest" }
  }

  # alert-fanout may wait out two hanging channels (PagerDuty, SNS) of ~28 s retry budget each.
  default_timeout_s = { ingest = 30, alert-fanout = 90, archive = 30 }

  settings = {
    for f in local.function_names : f => merge(
      { memory_mb = 512, timeout_s = local.default_timeout_s[f], reserved_concurrency = -1 },
      lookup(var.settings, f, null) == null ? {} : { for k, v in var.settings[f] : k => v if v != null },
    )
  }

  # ARNs built from names (not from resource attributes) so that policies are plain data at plan time.
  log_group_arns = { for f in local.function_names : f => "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws/lambda/${var.name}-${f}" }
  failure_queue  = "${var.name}-function-failures"
  failure_arn    = "arn:${local.partition}:sqs:${local.region}:${local.account_id}:${local.failure_queue}"

  topic_arn = { for t in [var.kafka.raw_events_topic, var.kafka.dlq_topic, var.kafka.presence_topic, var.kafka.alerts_topic] : t => "${var.kafka.topic_arn_prefix}/${t}" }

  # MSK event source mappings: one topic each (an MSK ESM takes exactly one topic), own consumer group.
  event_sources = {
    "alert-fanout-alerts" = { function = "alert-fanout", topic = var.kafka.alerts_topic, group = "${var.name}-alert-fanout" }
    "archive-raw"         = { function = "archive", topic = var.kafka.raw_events_topic, group = "${var.name}-archive-raw" }
    "archive-alerts"      = { function = "archive", topic = var.kafka.alerts_topic, group = "${var.name}-archive-alerts" }
  }

  environment = merge(
    {
      KAFKA_BOOTSTRAP_SERVERS          = var.kafka.bootstrap_servers
      KAFKA_SECURITY_MODE              = var.kafka.security_mode
      PAGERDUTY_EVENTS_URL             = var.pagerduty.events_url
      PAGERDUTY_ROUTING_KEY_SECRET_ARN = var.pagerduty.secret_arn
      SNS_CRITICAL_TOPIC_ARN           = var.sns_topic_arns.critical
      SNS_MONITORING_TOPIC_ARN         = var.sns_topic_arns.monitoring
      ARCHIVE_BUCKET                   = var.archive_bucket.id
    },
    var.runtime == "native" ? { DISABLE_SIGNAL_HANDLERS = "true" } : {},
    var.extra_environment,
  )

  # ingest writes its meters as Embedded Metric Format log lines after every invocation: CloudWatch
  # Logs turns them into metrics of the namespace, with no PutMetricData call from a frozen Lambda.
  # alert-fanout keeps its idempotency ledger in the registry/alert-store database.
  function_environment = {
    for f in local.function_names : f => merge(
      local.environment,
      f == "ingest" ? {
        INGEST_METRICS_EMF_ENABLED = "true"
        INGEST_METRICS_NAMESPACE   = var.metrics_namespace
      } : {},
      f == "alert-fanout" && var.database != null ? {
        QUARKUS_DATASOURCE_REACTIVE_URL                 = var.database.reactive_url
        QUARKUS_DATASOURCE_USERNAME                     = var.database.username
        QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE = "require"
        # The password never enters the environment: the function reads the RDS-managed secret
        # through its `database-secret` credentials provider when it opens its pool.
        QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER = "database-secret"
        DB_SECRET_ARN                           = var.database.secret_arn
      } : {},
    )
  }

  # --- IAM: statements every function needs ---
  common_statements = {
    for f in local.function_names : f => [
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${local.log_group_arns[f]}:*"]
      },
      {
        # ENI management for VPC functions and MSK pollers; these EC2 actions have no resource-level scope.
        Sid      = "VpcNetworkInterfaces"
        Effect   = "Allow"
        Action   = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"]
        Resource = ["*"]
      },
      {
        # X-Ray trace ingestion has no resource-level scope.
        Sid      = "XRayTracing"
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = ["*"]
      },
      {
        Sid      = "KafkaConnect"
        Effect   = "Allow"
        Action   = ["kafka-cluster:Connect"]
        Resource = [var.kafka.cluster_arn]
      },
      {
        Sid      = "SendFailedEventsToFailureQueue"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = [local.failure_arn]
      },
    ]
  }

  # Statements an MSK event source mapping needs on the function's own role.
  esm_statements = {
    for f in ["alert-fanout", "archive"] : f => [
      {
        Sid      = "EventSourceDescribeCluster"
        Effect   = "Allow"
        Action   = ["kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers", "kafka-cluster:DescribeClusterDynamicConfiguration"]
        Resource = [var.kafka.cluster_arn]
      },
      {
        Sid      = "EventSourceReadTopics"
        Effect   = "Allow"
        Action   = ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]
        Resource = distinct([for k, e in local.event_sources : local.topic_arn[e.topic] if e.function == f])
      },
      {
        Sid      = "EventSourceConsumerGroups"
        Effect   = "Allow"
        Action   = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
        Resource = [for k, e in local.event_sources : "${var.kafka.group_arn_prefix}/${e.group}" if e.function == f]
      },
    ]
  }

  function_statements = {
    ingest = [
      {
        Sid      = "ProduceReadingsDlqPresence"
        Effect   = "Allow"
        Action   = ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"]
        Resource = [local.topic_arn[var.kafka.raw_events_topic], local.topic_arn[var.kafka.dlq_topic], local.topic_arn[var.kafka.presence_topic]]
      },
      {
        Sid      = "IdempotentProducer"
        Effect   = "Allow"
        Action   = ["kafka-cluster:WriteDataIdempotently"]
        Resource = [var.kafka.cluster_arn]
      },
      {
        Sid      = "EncryptFailureQueueMessages"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [var.kms_key_arn]
      },
    ]
    alert-fanout = concat(local.esm_statements["alert-fanout"], [
      {
        Sid      = "PublishAlerts"
        Effect   = "Allow"
        Action   = ["sns:Publish"]
        Resource = [var.sns_topic_arns.critical, var.sns_topic_arns.monitoring]
      },
      {
        Sid      = "ReadPagerDutyRoutingKey"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [var.pagerduty.secret_arn]
      },
      ],
      var.database != null ? [{
        Sid      = "ReadLedgerDatabaseSecret"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [var.database.secret_arn]
      }] : [],
      [
        {
          Sid      = "UsePipelineKey"
          Effect   = "Allow"
          Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
          Resource = [var.kms_key_arn]
        },
    ])
    archive = concat(local.esm_statements["archive"], [
      {
        Sid      = "WriteArchiveObjects"
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = ["${var.archive_bucket.arn}/raw/*", "${var.archive_bucket.arn}/alerts/*"]
      },
      {
        Sid      = "UsePipelineKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [var.kms_key_arn]
      },
    ])
  }

  policies = {
    for f in local.function_names : f => jsonencode({
      Version   = "2012-10-17"
      Statement = concat(local.common_statements[f], local.function_statements[f])
    })
  }
}

resource "aws_iam_role" "this" {
  for_each = toset(local.function_names)

  name = "${var.name}-${each.key}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  for_each = toset(local.function_names)

  name   = "least-privilege"
  role   = aws_iam_role.this[each.key].id
  policy = local.policies[each.key]
}

resource "aws_cloudwatch_log_group" "this" {
  for_each = toset(local.function_names)

  name              = "/aws/lambda/${var.name}-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_lambda_function" "this" {
  for_each = toset(local.function_names)

  function_name    = "${var.name}-${each.key}"
  description      = "IoT pipeline ${each.key} (${var.runtime})"
  role             = aws_iam_role.this[each.key].arn
  filename         = var.artifacts[each.key]
  source_code_hash = fileexists(var.artifacts[each.key]) ? filebase64sha256(var.artifacts[each.key]) : null
  runtime          = local.runtimes[var.runtime].runtime
  handler          = local.runtimes[var.runtime].handler
  architectures    = ["arm64"]
  memory_size      = local.settings[each.key].memory_mb
  timeout          = local.settings[each.key].timeout_s

  reserved_concurrent_executions = local.settings[each.key].reserved_concurrency

  environment {
    variables = local.function_environment[each.key]
  }

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this[each.key].name
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.this, aws_cloudwatch_log_group.this]
}

# Records a function could not process (MSK batches that kept failing, IoT rule invocations that
# exhausted their async retries) land here instead of being dropped.
resource "aws_sqs_queue" "failures" {
  name                              = local.failure_queue
  message_retention_seconds         = 1209600
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300

  tags = var.tags
}

resource "aws_sqs_queue_policy" "failures" {
  queue_url = aws_sqs_queue.failures.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = { AWS = "*" }
      Action    = "sqs:SendMessage"
      Resource  = local.failure_arn
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# IoT Core invokes the ingest function asynchronously: after the retries, the event goes to the queue.
resource "aws_lambda_function_event_invoke_config" "ingest" {
  function_name                = aws_lambda_function.this["ingest"].function_name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 21600

  destination_config {
    on_failure {
      destination = aws_sqs_queue.failures.arn
    }
  }
}

resource "aws_lambda_event_source_mapping" "this" {
  for_each = local.event_sources

  function_name                      = aws_lambda_function.this[each.value.function].arn
  event_source_arn                   = var.kafka.cluster_arn
  topics                             = [each.value.topic]
  starting_position                  = var.event_source.starting_position
  batch_size                         = var.event_source.batch_size
  maximum_batching_window_in_seconds = var.event_source.maximum_batching_window_in_seconds
  enabled                            = var.event_source.enabled

  # Kafka sources accept these only with provisioned pollers; without them Lambda retries a failing
  # batch until its records expire and then sends it to the on-failure destination.
  bisect_batch_on_function_error = local.provisioned_pollers ? var.event_source.bisect_batch_on_function_error : null
  maximum_retry_attempts         = local.provisioned_pollers ? var.event_source.maximum_retry_attempts : null
  maximum_record_age_in_seconds  = local.provisioned_pollers ? var.event_source.maximum_record_age_in_seconds : null

  dynamic "provisioned_poller_config" {
    for_each = local.provisioned_pollers ? [var.event_source.provisioned_pollers] : []

    content {
      minimum_pollers = provisioned_poller_config.value.minimum
      maximum_pollers = provisioned_poller_config.value.maximum
    }
  }

  amazon_managed_kafka_event_source_config {
    consumer_group_id = each.value.group
  }

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.failures.arn
    }
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.this]
}
