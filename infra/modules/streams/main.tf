data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  container_name  = "streams-service"
  repository_name = "${var.name}/streams-service"
  repository_arn  = "arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${local.repository_name}"
  log_group_name  = "/ecs/${var.name}/streams-service"
  log_group_arn   = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_name}"
  app_id          = var.service.application_id
  lb_enabled      = var.load_balancer.enabled

  # RocksDB's block cache and memtables, off the heap (decision 0325): an eighth of the task by
  # default (256 MiB of the default 2 GB), so a task sized up for more readings caches more of its
  # state; in the streams benchmark RocksDB's own threads took 2.0-2.8 µs of CPU per reading at
  # 256 MiB and 1.5-1.8 µs at 512-1,024 MiB.
  rocksdb_memory_mb = coalesce(var.service.rocksdb_memory_mb, floor(var.service.memory_mb / 8))

  environment = merge(
    {
      KAFKA_BOOTSTRAP_SERVERS                         = var.kafka.bootstrap_servers
      KAFKA_SECURITY_MODE                             = var.kafka.security_mode
      STREAMS_APPLICATION_ID                          = local.app_id
      STREAMS_STANDBY_REPLICAS                        = tostring(var.service.standby_replicas)
      STREAMS_ROCKSDB_MEMORY_MB                       = tostring(local.rocksdb_memory_mb)
      ALERT_STORE_GROUP_ID                            = var.service.alert_store_group_id
      TOPIC_PARTITIONS                                = tostring(var.kafka.partitions)
      TOPIC_REPLICATION_FACTOR                        = tostring(var.kafka.replication_factor)
      HTTP_PORT                                       = tostring(var.service.container_port)
      QUARKUS_HTTP_PORT                               = tostring(var.service.container_port)
      PAGERDUTY_EVENTS_URL                            = var.environment.pagerduty_events_url
      PAGERDUTY_ROUTING_KEY_SECRET_ARN                = var.environment.pagerduty_secret_arn
      SNS_CRITICAL_TOPIC_ARN                          = var.environment.sns_critical_arn
      SNS_MONITORING_TOPIC_ARN                        = var.environment.sns_monitoring_arn
      ARCHIVE_BUCKET                                  = var.environment.archive_bucket
      AWS_REGION                                      = local.region
      QUARKUS_DATASOURCE_REACTIVE_URL                 = var.database.reactive_url
      QUARKUS_DATASOURCE_USERNAME                     = var.database.username
      QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE = "require"
      # The password is read from the RDS-managed secret for every new connection, so that RDS
      # rotating it (every 7 days by default) does not break the connections opened afterwards.
      QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER        = "database-secret"
      DB_SECRET_ARN                                  = var.database.secret_arn
      QUARKUS_MICROMETER_EXPORT_CLOUDWATCH_NAMESPACE = var.metrics_namespace
      PIPELINE_CLOUDWATCH_ENABLED                    = "true"
      # Advertises the task's own address (awsvpc: the ENI's IP) and HTTP port to the other instances as Kafka Streams' application.server, so a query for a key another instance owns is forwarded there.
      STREAMS_ADVERTISED_HOST = "auto"
    },
    var.extra_environment,
  )

  task_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "KafkaCluster"
        Effect   = "Allow"
        Action   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:DescribeClusterDynamicConfiguration", "kafka-cluster:WriteDataIdempotently"]
        Resource = [var.kafka.cluster_arn]
      },
      {
        # The contract topics (created if missing, idempotently) and the application's internal
        # repartition/changelog topics, which are named <application.id>-...
        Sid      = "KafkaTopics"
        Effect   = "Allow"
        Action   = ["kafka-cluster:DescribeTopic", "kafka-cluster:DescribeTopicDynamicConfiguration", "kafka-cluster:CreateTopic", "kafka-cluster:ReadData", "kafka-cluster:WriteData"]
        Resource = concat([for t in var.kafka.topics : "${var.kafka.topic_arn_prefix}/${t}"], ["${var.kafka.topic_arn_prefix}/${local.app_id}-*"])
      },
      {
        Sid      = "KafkaInternalTopicConfig"
        Effect   = "Allow"
        Action   = ["kafka-cluster:AlterTopic", "kafka-cluster:AlterTopicDynamicConfiguration"]
        Resource = ["${var.kafka.topic_arn_prefix}/${local.app_id}-*"]
      },
      {
        # The alert store's group, and each instance's own group of the dashboard's live alerts
        # (<alert store group>-live-<uuid>, decision 0317).
        Sid      = "KafkaConsumerGroups"
        Effect   = "Allow"
        Action   = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
        Resource = ["${var.kafka.group_arn_prefix}/${local.app_id}", "${var.kafka.group_arn_prefix}/${local.app_id}-*", "${var.kafka.group_arn_prefix}/${var.service.alert_store_group_id}", "${var.kafka.group_arn_prefix}/${var.service.alert_store_group_id}-live-*"]
      },
      {
        Sid      = "KafkaExactlyOnce"
        Effect   = "Allow"
        Action   = ["kafka-cluster:DescribeTransactionalId", "kafka-cluster:AlterTransactionalId"]
        Resource = ["${var.kafka.transactional_id_arn_prefix}/${local.app_id}-*"]
      },
      {
        # PutMetricData has no resource-level scope; the namespace condition narrows it.
        Sid       = "PublishPipelineMetrics"
        Effect    = "Allow"
        Action    = ["cloudwatch:PutMetricData"]
        Resource  = ["*"]
        Condition = { StringEquals = { "cloudwatch:namespace" = var.metrics_namespace } }
      },
      {
        Sid      = "ReadDatabaseSecret"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [var.database.secret_arn]
      },
      {
        # The secret is encrypted with the pipeline key; decrypting is allowed only through
        # Secrets Manager.
        Sid       = "DecryptDatabaseSecret"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = [var.kms_key_arn]
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" } }
      },
    ]
  })

  execution_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # GetAuthorizationToken has no resource-level scope.
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = ["*"]
      },
      {
        Sid      = "PullServiceImage"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
        Resource = [local.repository_arn]
      },
      {
        Sid      = "WriteServiceLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${local.log_group_arn}:*"]
      },
      {
        Sid      = "DecryptWithPipelineKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [var.kms_key_arn]
      },
    ]
  })
}

# --- Image repository ---

resource "aws_ecr_repository" "this" {
  name                 = local.repository_name
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.kms_key_arn
  }

  tags = var.tags
}

resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the 30 most recent images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 30 }
      action       = { type = "expire" }
    }]
  })
}

# --- Cluster, roles, logs ---

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_iam_role" "task" {
  name = "${var.name}-streams-task"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "task" {
  name   = "least-privilege"
  role   = aws_iam_role.task.id
  policy = local.task_policy
}

resource "aws_iam_role" "execution" {
  name = "${var.name}-streams-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "execution" {
  name   = "pull-and-log"
  role   = aws_iam_role.execution.id
  policy = local.execution_policy
}

# --- Task definition and service ---

resource "aws_ecs_task_definition" "this" {
  family                   = "${var.name}-streams-service"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.service.cpu
  memory                   = var.service.memory_mb
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = aws_iam_role.execution.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.service.cpu_architecture
  }

  # Kafka Streams keeps its state stores under /tmp (state.dir); the root file system stays read-only.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([{
    name                   = local.container_name
    image                  = "${aws_ecr_repository.this.repository_url}:${var.service.image_tag}"
    essential              = true
    readonlyRootFilesystem = true
    portMappings           = [{ containerPort = var.service.container_port, protocol = "tcp", name = "http" }]
    environment            = [for k in sort(keys(local.environment)) : { name = k, value = local.environment[k] }]
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.this.name
        "awslogs-region"        = local.region
        "awslogs-stream-prefix" = "streams"
      }
    }
    stopTimeout = 60
  }])

  tags = var.tags
}

resource "aws_ecs_service" "this" {
  name                               = "streams-service"
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this.arn
  desired_count                      = var.service.desired_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  propagate_tags                     = "SERVICE"
  enable_ecs_managed_tags            = true
  enable_execute_command             = false
  deployment_minimum_healthy_percent = 50
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = local.lb_enabled ? 120 : null

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [var.security_group_ids.service]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  dynamic "load_balancer" {
    for_each = local.lb_enabled ? [1] : []

    content {
      target_group_arn = aws_lb_target_group.this[0].arn
      container_name   = local.container_name
      container_port   = var.service.container_port
    }
  }

  tags = var.tags

  # The autoscaler owns the count after the first deployment.
  lifecycle {
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener.this]
}

# --- Internal ALB (optional): dashboard, /api and health for operators inside the VPC ---

resource "aws_lb" "this" {
  count = local.lb_enabled ? 1 : 0

  name                       = substr("${var.name}-streams", 0, 32)
  internal                   = true
  load_balancer_type         = "application"
  subnets                    = var.subnet_ids
  security_groups            = [var.security_group_ids.alb]
  drop_invalid_header_fields = true
  enable_deletion_protection = false

  tags = var.tags
}

resource "aws_lb_target_group" "this" {
  count = local.lb_enabled ? 1 : 0

  name_prefix          = "strm-"
  port                 = var.service.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  health_check {
    path                = "/q/health/ready"
    matcher             = "200"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "this" {
  count = local.lb_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this[0].arn
  port              = var.load_balancer.certificate_arn == null ? 80 : 443
  protocol          = var.load_balancer.certificate_arn == null ? "HTTP" : "HTTPS"
  certificate_arn   = var.load_balancer.certificate_arn
  ssl_policy        = var.load_balancer.certificate_arn == null ? null : "ELBSecurityPolicy-TLS13-1-2-2021-06"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[0].arn
  }

  tags = var.tags
}

# --- Autoscaling on consumer lag per task (and CPU as a floor) ---

resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.service.min_count
  max_capacity       = var.service.max_count

  tags = var.tags
}

resource "aws_appautoscaling_policy" "lag" {
  name               = "${var.name}-streams-consumer-lag"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.service.lag_per_task
    scale_in_cooldown  = 300
    scale_out_cooldown = 120

    customized_metric_specification {
      metrics {
        id          = "lag"
        label       = "SumOffsetLag of ${local.app_id} on ${var.service.source_topic}"
        return_data = false

        metric_stat {
          stat = "Maximum"

          metric {
            namespace   = "AWS/Kafka"
            metric_name = "SumOffsetLag"

            dimensions {
              name  = "Cluster Name"
              value = var.kafka.cluster_name
            }
            dimensions {
              name  = "Consumer Group"
              value = local.app_id
            }
            dimensions {
              name  = "Topic"
              value = var.service.source_topic
            }
          }
        }
      }

      metrics {
        id          = "tasks"
        label       = "Running tasks"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"

            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.this.name
            }
            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.this.name
            }
          }
        }
      }

      metrics {
        id          = "lag_per_task"
        label       = "Consumer lag per running task"
        expression  = "IF(tasks > 0, lag / tasks, lag)"
        return_data = true
      }
    }
  }
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "${var.name}-streams-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = 70
    scale_in_cooldown  = 300
    scale_out_cooldown = 120

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
