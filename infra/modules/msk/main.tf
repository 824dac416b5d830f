locals {
  provisioned = var.mode == "provisioned"

  # Replication follows the cluster size: 3 where there are 3+ brokers, else the broker count.
  replication_factor  = local.provisioned ? min(3, var.provisioned.broker_count) : 3
  min_insync_replicas = local.replication_factor >= 3 ? 2 : 1

  day_ms = 24 * 60 * 60 * 1000

  # The contract's topics (CONTRACT.md section 2) plus the registry changelog. This table is the source
  # of truth: the README prints it, the bootstrap commands below are generated from it, and the
  # streams-service/functions IAM policies are scoped to exactly these names.
  topics = {
    "iot-raw-events" = {
      partitions     = var.default_partitions
      retention_ms   = 7 * local.day_ms
      cleanup_policy = "delete"
      holds          = "canonical, validated readings keyed by sensorId"
    }
    "iot-dlq" = {
      partitions     = var.default_partitions
      retention_ms   = 14 * local.day_ms
      cleanup_policy = "delete"
      holds          = "every rejected input with reason, detail, source and original payload"
    }
    "iot-device-presence" = {
      partitions     = var.default_partitions
      retention_ms   = -1
      cleanup_policy = "compact"
      holds          = "latest connection state per sensor (compacted)"
    }
    "iot-late-events" = {
      partitions     = max(1, floor(var.default_partitions / 2))
      retention_ms   = 7 * local.day_ms
      cleanup_policy = "delete"
      holds          = "readings that arrived after their window closed"
    }
    "iot-aggregates-5m" = {
      partitions     = var.default_partitions
      retention_ms   = 30 * local.day_ms
      cleanup_policy = "delete"
      holds          = "final 5-minute tumbling-window aggregates per sensor and metric"
    }
    "iot-counts-1m-by-region" = {
      partitions     = max(1, floor(var.default_partitions / 2))
      retention_ms   = 30 * local.day_ms
      cleanup_policy = "delete"
      holds          = "final readings per region per 1-minute window (keyed by region)"
    }
    "iot-aggregates-10m-hopping" = {
      partitions     = var.default_partitions
      retention_ms   = 30 * local.day_ms
      cleanup_policy = "delete"
      holds          = "final 10-minute hopping-window aggregates per sensor and metric"
    }
    "iot-device-sessions" = {
      partitions     = max(1, floor(var.default_partitions / 2))
      retention_ms   = 30 * local.day_ms
      cleanup_policy = "delete"
      holds          = "closed activity sessions per device (30-minute inactivity gap)"
    }
    "iot-alerts" = {
      partitions     = max(1, floor(var.default_partitions / 2))
      retention_ms   = 30 * local.day_ms
      cleanup_policy = "delete"
      holds          = "detected conditions (THRESHOLD, ANOMALY, POWER_THEFT, ...)"
    }
    "iot-dlq-alert-store" = {
      partitions     = 1
      retention_ms   = 14 * local.day_ms
      cleanup_policy = "delete"
      holds          = "alerts the streams-service alert store could not persist (its dead-letter topic)"
    }
    "iot-device-registry" = {
      partitions     = var.default_partitions
      retention_ms   = -1
      cleanup_policy = "compact"
      holds          = "device registry changelog keyed by sensorId (compacted)"
    }
  }

  # Topic-level configs as kafka-topics.sh --config pairs. MSK Serverless does not accept
  # min.insync.replicas per topic (it is fixed by the service), so it is set on provisioned only.
  topic_configs = {
    for name, t in local.topics : name => merge(
      { "cleanup.policy" = t.cleanup_policy, "retention.ms" = tostring(t.retention_ms) },
      local.provisioned ? { "min.insync.replicas" = tostring(local.min_insync_replicas) } : {},
    )
  }

  topic_bootstrap_commands = [
    for name, t in local.topics : join(" ", concat(
      [
        "kafka-topics.sh --bootstrap-server \"$KAFKA_BOOTSTRAP_SERVERS\" --command-config client.properties",
        "--create --if-not-exists --topic ${name}",
        "--partitions ${t.partitions} --replication-factor ${local.replication_factor}",
      ],
      [for k in sort(keys(local.topic_configs[name])) : "--config ${k}=${local.topic_configs[name][k]}"],
    ))
  ]

  server_properties = <<-EOT
    auto.create.topics.enable=false
    default.replication.factor=${local.replication_factor}
    min.insync.replicas=${local.min_insync_replicas}
    num.partitions=${var.default_partitions}
    offsets.topic.replication.factor=${local.replication_factor}
    transaction.state.log.replication.factor=${local.replication_factor}
    transaction.state.log.min.isr=${local.min_insync_replicas}
    unclean.leader.election.enable=false
    allow.everyone.if.no.acl.found=false
  EOT
}

resource "aws_cloudwatch_log_group" "this" {
  count = local.provisioned ? 1 : 0

  name              = "/aws/msk/${var.name}/broker"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_msk_configuration" "this" {
  count = local.provisioned ? 1 : 0

  name              = var.name
  kafka_versions    = [var.provisioned.kafka_version]
  server_properties = local.server_properties
  description       = "${var.name}: no auto-created topics, durable replication"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_msk_cluster" "this" {
  count = local.provisioned ? 1 : 0

  cluster_name           = var.name
  kafka_version          = var.provisioned.kafka_version
  number_of_broker_nodes = var.provisioned.broker_count
  enhanced_monitoring    = var.provisioned.enhanced_monitoring

  broker_node_group_info {
    instance_type   = var.provisioned.instance_type
    client_subnets  = var.subnet_ids
    security_groups = var.security_group_ids

    storage_info {
      ebs_storage_info {
        volume_size = var.provisioned.volume_size_gb
      }
    }

    connectivity_info {
      public_access {
        type = "DISABLED"
      }
    }
  }

  # IAM over TLS is the only way in: no unauthenticated, SCRAM or mTLS clients.
  client_authentication {
    unauthenticated = false

    sasl {
      iam   = true
      scram = false
    }
  }

  encryption_info {
    encryption_at_rest_kms_key_arn = var.kms_key_arn

    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this[0].arn
    revision = aws_msk_configuration.this[0].latest_revision
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.this[0].name
      }
    }
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.provisioned.broker_count % length(var.subnet_ids) == 0
      error_message = "provisioned.broker_count must be a multiple of the number of subnets (AZs)."
    }
  }
}

resource "aws_msk_serverless_cluster" "this" {
  count = local.provisioned ? 0 : 1

  cluster_name = var.name

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  client_authentication {
    sasl {
      iam {
        enabled = true
      }
    }
  }

  tags = var.tags
}

locals {
  cluster_arn       = local.provisioned ? aws_msk_cluster.this[0].arn : aws_msk_serverless_cluster.this[0].arn
  cluster_uuid      = local.provisioned ? aws_msk_cluster.this[0].cluster_uuid : aws_msk_serverless_cluster.this[0].cluster_uuid
  bootstrap_brokers = local.provisioned ? aws_msk_cluster.this[0].bootstrap_brokers_sasl_iam : aws_msk_serverless_cluster.this[0].bootstrap_brokers_sasl_iam
}
