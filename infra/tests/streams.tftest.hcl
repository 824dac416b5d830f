# streams-service on ECS Fargate: private tasks, image repository hygiene, secrets, health, scaling on lag.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name       = "iot-pipeline-test"
  vpc_id     = "vpc-1"
  subnet_ids = ["subnet-a", "subnet-b"]
  security_group_ids = {
    service = "sg-streams"
    alb     = "sg-alb"
  }
  kafka = {
    bootstrap_servers           = "b-1.mock:9098"
    cluster_name                = "iot-pipeline-test"
    cluster_arn                 = "arn:aws:kafka:eu-west-1:123456789012:cluster/iot-pipeline-test/uuid-1"
    topic_arn_prefix            = "arn:aws:kafka:eu-west-1:123456789012:topic/iot-pipeline-test/uuid-1"
    group_arn_prefix            = "arn:aws:kafka:eu-west-1:123456789012:group/iot-pipeline-test/uuid-1"
    transactional_id_arn_prefix = "arn:aws:kafka:eu-west-1:123456789012:transactional-id/iot-pipeline-test/uuid-1"
    topics                      = ["iot-raw-events", "iot-alerts"]
  }
  database = {
    reactive_url = "postgresql://db.mock:5432/iotpipeline"
    username     = "iotpipeline"
    secret_arn   = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-db-AbCdEf"
  }
  environment = {
    pagerduty_events_url = "https://events.pagerduty.com/v2/enqueue"
    pagerduty_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pd-AbCdEf"
    sns_critical_arn     = "arn:aws:sns:eu-west-1:123456789012:critical"
    sns_monitoring_arn   = "arn:aws:sns:eu-west-1:123456789012:monitoring"
    archive_bucket       = "archive-bucket"
  }
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000001"
}

run "service_is_private_healthy_and_scaled_on_lag" {
  command = plan

  module {
    source = "./modules/streams"
  }

  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE" && one(aws_ecr_repository.this.image_scanning_configuration).scan_on_push && one(aws_ecr_repository.this.encryption_configuration).encryption_type == "KMS"
    error_message = "The image repository must have immutable tags, scan on push and KMS encryption."
  }

  assert {
    condition     = anytrue([for s in aws_ecs_cluster.this.setting : s.name == "containerInsights" && s.value == "enabled"])
    error_message = "The ECS cluster must have Container Insights (the health alarm uses its task counts)."
  }

  assert {
    condition     = one(aws_ecs_service.this.network_configuration).assign_public_ip == false && one(aws_ecs_service.this.network_configuration).subnets == toset(var.subnet_ids)
    error_message = "streams-service tasks run in the private subnets without public IPs."
  }

  assert {
    condition     = one(aws_lb_target_group.this[0].health_check).path == "/q/health/ready" && aws_lb_target_group.this[0].port == 8080 && aws_lb.this[0].internal
    error_message = "The internal ALB checks /q/health/ready on port 8080."
  }

  assert {
    condition = (
      try(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets, null) == null &&
      !contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name], "QUARKUS_DATASOURCE_PASSWORD") &&
      local.environment["QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER"] == "database-secret" &&
      local.environment["DB_SECRET_ARN"] == var.database.secret_arn
    )
    error_message = "The database password never enters the task definition: the service reads the RDS-managed secret for every new connection (credentials provider database-secret, DB_SECRET_ARN), so a rotated password reaches it without a restart."
  }

  assert {
    condition = (
      flatten([for s in jsondecode(local.task_policy).Statement : s.Resource if contains(s.Action, "secretsmanager:GetSecretValue")]) == [var.database.secret_arn] &&
      !strcontains(local.execution_policy, "secretsmanager:") &&
      alltrue([for s in jsondecode(local.task_policy).Statement : try(s.Condition.StringEquals["kms:ViaService"], "") == "secretsmanager.${local.region}.amazonaws.com" if contains(s.Action, "kms:Decrypt")])
    )
    error_message = "Only the task role reads a secret, only the database's, and it may decrypt with the pipeline key only through Secrets Manager."
  }

  assert {
    condition = toset(flatten([for s in jsondecode(local.task_policy).Statement : s.Resource if contains(s.Action, "kafka-cluster:AlterGroup")])) == toset([
      "${var.kafka.group_arn_prefix}/iot-streams-service",
      "${var.kafka.group_arn_prefix}/iot-streams-service-*",
      "${var.kafka.group_arn_prefix}/iot-alert-store",
      "${var.kafka.group_arn_prefix}/iot-alert-store-live-*",
    ])
    error_message = "The service joins only its own consumer groups: the Kafka Streams application's, the alert store's, and each instance's group of the dashboard's live alerts."
  }

  assert {
    condition = alltrue([
      for k in ["KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_MODE", "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_USERNAME", "SNS_CRITICAL_TOPIC_ARN", "SNS_MONITORING_TOPIC_ARN", "ARCHIVE_BUCKET", "PAGERDUTY_EVENTS_URL", "PAGERDUTY_ROUTING_KEY_SECRET_ARN"] :
      contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name], k)
    ])
    error_message = "The container gets the contract's settings by their exact names."
  }

  assert {
    condition = (
      contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : "${e.name}=${e.value}"], "PIPELINE_CLOUDWATCH_ENABLED=true") &&
      contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : "${e.name}=${e.value}"], "QUARKUS_MICROMETER_EXPORT_CLOUDWATCH_NAMESPACE=IotPipeline")
    )
    error_message = "The streams-service publishes its pipeline.* counters to CloudWatch namespace IotPipeline, which the alarms query."
  }

  assert {
    condition     = contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : "${e.name}=${e.value}"], "STREAMS_STANDBY_REPLICAS=1")
    error_message = "Each task's state has a standby replica on another task by default, so a stopped task's partitions resume on a task that holds their state instead of restoring it from the changelogs (decision 0318)."
  }

  assert {
    condition     = contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : "${e.name}=${e.value}"], "STREAMS_ROCKSDB_MEMORY_MB=256")
    error_message = "RocksDB's off-heap budget is an eighth of the task's memory by default (256 MiB of 2 GB), leaving the rest to the JVM."
  }

  assert {
    condition = (
      contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : "${e.name}=${e.value}"], "STREAMS_ADVERTISED_HOST=auto") &&
      contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : "${e.name}=${e.value}"], "QUARKUS_HTTP_PORT=8080")
    )
    error_message = "Each task advertises its own address and HTTP port (STREAMS_ADVERTISED_HOST=auto, QUARKUS_HTTP_PORT) as Kafka Streams' application.server, so that a query for a key another instance owns is forwarded there."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == true && jsondecode(aws_ecs_task_definition.this.container_definitions)[0].portMappings[0].containerPort == 8080
    error_message = "The container listens on 8080 with a read-only root file system."
  }

  assert {
    condition = anytrue([
      for m in one(one(aws_appautoscaling_policy.lag.target_tracking_scaling_policy_configuration).customized_metric_specification).metrics :
      try(one(one(m.metric_stat).metric).metric_name == "SumOffsetLag" && one(one(m.metric_stat).metric).namespace == "AWS/Kafka", false)
    ]) && aws_appautoscaling_target.this.min_capacity == 1 && aws_appautoscaling_target.this.max_capacity == 6
    error_message = "The service scales between min_count and max_count on the consumer lag (AWS/Kafka SumOffsetLag) per task."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 30 && aws_cloudwatch_log_group.this.kms_key_id == var.kms_key_arn
    error_message = "The service log group has a retention and is encrypted."
  }
}

run "streams_validations" {
  command = plan

  module {
    source = "./modules/streams"
  }

  variables {
    service = { min_count = 3, desired_count = 2 }
  }

  expect_failures = [var.service]
}

run "streams_standby_validation" {
  command = plan

  module {
    source = "./modules/streams"
  }

  variables {
    service = { standby_replicas = -1 }
  }

  expect_failures = [var.service]
}

run "streams_cpu_validation" {
  command = plan

  module {
    source = "./modules/streams"
  }

  variables {
    service = { cpu = 300 }
  }

  expect_failures = [var.service]
}

run "streams_architecture_validation" {
  command = plan

  module {
    source = "./modules/streams"
  }

  variables {
    service = { cpu_architecture = "RISCV" }
  }

  expect_failures = [var.service]
}

run "streams_rocksdb_budget_grows_with_the_task" {
  command = plan

  module {
    source = "./modules/streams"
  }

  variables {
    service = { cpu = 2048, memory_mb = 8192 }
  }

  assert {
    condition     = contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : "${e.name}=${e.value}"], "STREAMS_ROCKSDB_MEMORY_MB=1024")
    error_message = "A task sized up gets an eighth of its memory for RocksDB (1,024 MiB of 8 GB): at high rates the state has to stay in the block cache."
  }
}

run "streams_rocksdb_budget_set_explicitly" {
  command = plan

  module {
    source = "./modules/streams"
  }

  variables {
    service = { memory_mb = 4096, rocksdb_memory_mb = 1536 }
  }

  assert {
    condition     = contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : "${e.name}=${e.value}"], "STREAMS_ROCKSDB_MEMORY_MB=1536")
    error_message = "An explicit rocksdb_memory_mb is passed to the service as it is."
  }
}

run "streams_rocksdb_budget_validation" {
  command = plan

  module {
    source = "./modules/streams"
  }

  variables {
    service = { memory_mb = 2048, rocksdb_memory_mb = 1536 }
  }

  expect_failures = [var.service]
}
