data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  sns_topics = {
    critical   = "CRITICAL alerts (also sent to PagerDuty)"
    monitoring = "WARNING alerts"
    alarms     = "CloudWatch alarms of the pipeline itself"
  }

  # Key policy. The account-root statement is the AWS default that lets IAM policies grant use of the key
  # (a key policy's "*" resource means "this key"); the service statements are limited to what each
  # service needs and, where the service supports it, to this account's resources.
  kms_key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountRootManagesKey"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogsEncryptLogGroups"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*" }
        }
      },
      {
        Sid       = "CloudWatchAlarmsPublishToEncryptedTopics"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
        }
      },
    ]
  })
}

resource "aws_kms_key" "this" {
  description             = "${var.name}: encrypts the archive bucket, SNS topics, secrets, database, MSK, queues, images and logs"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms.deletion_window_in_days
  policy                  = local.kms_key_policy

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}

# --- Archive bucket: raw/, alerts/ (archive function) and errors/ (IoT rule error actions) ---

resource "aws_s3_bucket" "archive" {
  bucket_prefix = "${var.name}-archive-"
  force_destroy = var.archive.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_ownership_controls" "archive" {
  bucket = aws_s3_bucket.archive.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "archive" {
  bucket = aws_s3_bucket.archive.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "archive" {
  bucket = aws_s3_bucket.archive.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "archive" {
  bucket = aws_s3_bucket.archive.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this.arn
    }
    bucket_key_enabled = true
  }
}

locals {
  archive_bucket_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.archive.arn, "${aws_s3_bucket.archive.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyOutdatedTls"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.archive.arn, "${aws_s3_bucket.archive.arn}/*"]
        Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
      },
    ]
  })
}

resource "aws_s3_bucket_policy" "archive" {
  bucket = aws_s3_bucket.archive.id
  policy = local.archive_bucket_policy

  depends_on = [aws_s3_bucket_public_access_block.archive]
}

resource "aws_s3_bucket_lifecycle_configuration" "archive" {
  bucket = aws_s3_bucket.archive.id

  dynamic "rule" {
    for_each = toset(["raw/", "alerts/"])

    content {
      id     = "archive-${trimsuffix(rule.value, "/")}"
      status = "Enabled"

      filter {
        prefix = rule.value
      }

      transition {
        days          = var.archive.glacier_after_days
        storage_class = "GLACIER"
      }

      dynamic "expiration" {
        for_each = var.archive.expire_after_days > 0 ? [var.archive.expire_after_days] : []

        content {
          days = expiration.value
        }
      }

      noncurrent_version_expiration {
        noncurrent_days = var.archive.noncurrent_expire_days
      }
    }
  }

  rule {
    id     = "iot-rule-errors"
    status = "Enabled"

    filter {
      prefix = "errors/"
    }

    expiration {
      days = var.archive.error_objects_expire_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.archive.noncurrent_expire_days
    }
  }

  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.archive]
}

# --- SNS topics (critical, monitoring, alarms) ---

resource "aws_sns_topic" "this" {
  for_each = local.sns_topics

  name              = "${var.name}-${each.key}"
  display_name      = each.value
  kms_master_key_id = aws_kms_key.this.arn

  tags = var.tags
}

locals {
  # Same-account publishers (the functions) are allowed by their IAM policies; the alarms topic also
  # lets CloudWatch alarms of this account publish (that permission came from the default topic
  # policy, which this policy replaces).
  sns_topic_policies = {
    for k in keys(local.sns_topics) : k => jsonencode({
      Version = "2012-10-17"
      Statement = concat(
        [{
          Sid       = "DenyInsecureTransport"
          Effect    = "Deny"
          Principal = { AWS = "*" }
          Action    = ["sns:Publish", "sns:Subscribe"]
          Resource  = aws_sns_topic.this[k].arn
          Condition = { Bool = { "aws:SecureTransport" = "false" } }
        }],
        k == "alarms" ? [{
          Sid       = "CloudWatchAlarmsPublish"
          Effect    = "Allow"
          Principal = { Service = "cloudwatch.amazonaws.com" }
          Action    = ["sns:Publish"]
          Resource  = aws_sns_topic.this[k].arn
          Condition = {
            StringEquals = { "aws:SourceAccount" = local.account_id }
            ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:*" }
          }
        }] : [],
      )
    })
  }
}

resource "aws_sns_topic_policy" "this" {
  for_each = local.sns_topics

  arn    = aws_sns_topic.this[each.key].arn
  policy = local.sns_topic_policies[each.key]
}

# --- PagerDuty routing key ---

resource "aws_secretsmanager_secret" "pagerduty" {
  name_prefix = "${var.name}/pagerduty-routing-key-"
  description = "PagerDuty Events API v2 routing key used by alert-fanout for CRITICAL alerts"
  kms_key_id  = aws_kms_key.this.arn

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "pagerduty" {
  count = nonsensitive(var.pagerduty_routing_key != null) ? 1 : 0

  secret_id     = aws_secretsmanager_secret.pagerduty.id
  secret_string = var.pagerduty_routing_key
}

# --- Aurora PostgreSQL Serverless v2: device registry and alert store ---

resource "aws_db_subnet_group" "this" {
  name_prefix = "${var.name}-"
  description = "Private subnets of ${var.name}"
  subnet_ids  = var.subnet_ids

  tags = var.tags
}

resource "aws_rds_cluster_parameter_group" "this" {
  name_prefix = "${var.name}-"
  family      = "aurora-postgresql${split(".", var.database.engine_version)[0]}"
  description = "${var.name}: TLS only"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_rds_cluster" "this" {
  cluster_identifier = "${var.name}-db"
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  engine_version     = var.database.engine_version
  database_name      = var.database.database_name
  master_username    = var.database.master_username

  manage_master_user_password   = true
  master_user_secret_kms_key_id = aws_kms_key.this.arn

  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.this.arn
  iam_database_authentication_enabled = true

  db_subnet_group_name            = aws_db_subnet_group.this.name
  vpc_security_group_ids          = [var.database_security_group_id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this.name

  deletion_protection       = var.database.deletion_protection
  backup_retention_period   = var.database.backup_retention_days
  preferred_backup_window   = var.database.preferred_backup_window
  copy_tags_to_snapshot     = true
  skip_final_snapshot       = var.database.skip_final_snapshot
  final_snapshot_identifier = var.database.skip_final_snapshot ? null : "${var.name}-final"

  enabled_cloudwatch_logs_exports = ["postgresql"]

  serverlessv2_scaling_configuration {
    min_capacity = var.database.min_capacity_acu
    max_capacity = var.database.max_capacity_acu
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.database]
}

# Created before the cluster so that the log export gets a retention and the pipeline's key.
resource "aws_cloudwatch_log_group" "database" {
  name              = "/aws/rds/cluster/${var.name}-db/postgresql"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.this.arn

  tags = var.tags
}

resource "aws_rds_cluster_instance" "this" {
  count = var.database.instance_count

  identifier                 = "${var.name}-db-${count.index}"
  cluster_identifier         = aws_rds_cluster.this.id
  engine                     = aws_rds_cluster.this.engine
  engine_version             = aws_rds_cluster.this.engine_version
  instance_class             = "db.serverless"
  publicly_accessible        = false
  auto_minor_version_upgrade = true

  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.this.arn

  tags = var.tags
}
