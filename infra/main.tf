locals {
  name = "${var.name}-${var.environment}"

  tags = merge(
    {
      Project     = var.name
      Environment = var.environment
      ManagedBy   = "terraform"
    },
    var.tags,
  )

  metrics_namespace = "IotPipeline"

  function_names = ["ingest", "alert-fanout", "archive"]
  artifact_paths = {
    for f in local.function_names : f => lookup(var.lambda.artifact_paths, f, "${path.module}/../functions/${f}/target/function.zip")
  }
}

module "network" {
  source = "./modules/network"

  name                = local.name
  cidr_block          = var.network.cidr_block
  az_count            = var.network.az_count
  availability_zones  = var.network.availability_zones
  enable_nat_gateway  = var.network.enable_nat_gateway
  interface_endpoints = var.network.interface_endpoints

  flow_logs = {
    enabled        = var.network.flow_logs_enabled
    retention_days = var.log_retention_days
    kms_key_arn    = module.storage.kms_key_arn
  }

  tags = local.tags
}

module "storage" {
  source = "./modules/storage"

  name                       = local.name
  subnet_ids                 = module.network.private_subnet_ids
  database_security_group_id = module.network.security_group_ids["database"]
  pagerduty_routing_key      = var.pagerduty_routing_key
  log_retention_days         = var.log_retention_days

  archive = {
    glacier_after_days     = var.archive.glacier_after_days
    expire_after_days      = var.archive.expire_after_days
    noncurrent_expire_days = var.archive.noncurrent_expire_days
    force_destroy          = var.archive.force_destroy
  }

  database = {
    engine_version        = var.database.engine_version
    min_capacity_acu      = var.database.min_capacity_acu
    max_capacity_acu      = var.database.max_capacity_acu
    instance_count        = var.database.instance_count
    deletion_protection   = var.database.deletion_protection
    skip_final_snapshot   = var.database.skip_final_snapshot
    backup_retention_days = var.database.backup_retention_days
  }

  tags = local.tags
}

module "msk" {
  source = "./modules/msk"

  name               = local.name
  mode               = var.msk.mode
  subnet_ids         = module.network.private_subnet_ids
  security_group_ids = [module.network.security_group_ids["msk"]]
  kms_key_arn        = module.storage.kms_key_arn
  log_retention_days = var.log_retention_days
  default_partitions = var.msk.default_partitions

  provisioned = {
    kafka_version       = var.msk.kafka_version
    broker_count        = var.msk.broker_count
    instance_type       = var.msk.instance_type
    volume_size_gb      = var.msk.volume_size_gb
    enhanced_monitoring = var.msk.enhanced_monitoring
  }

  tags = local.tags
}

module "functions" {
  source = "./modules/functions"

  name               = local.name
  runtime            = var.lambda.runtime
  artifacts          = local.artifact_paths
  settings           = var.lambda.settings
  event_source       = var.lambda.event_source
  subnet_ids         = module.network.private_subnet_ids
  security_group_ids = [module.network.security_group_ids["functions"]]
  kms_key_arn        = module.storage.kms_key_arn
  metrics_namespace  = local.metrics_namespace
  log_retention_days = var.log_retention_days

  kafka = {
    bootstrap_servers = module.msk.cluster_bootstrap_brokers_sasl_iam
    cluster_arn       = module.msk.cluster_arn
    topic_arn_prefix  = module.msk.cluster_topic_arn_prefix
    group_arn_prefix  = module.msk.cluster_group_arn_prefix
  }

  sns_topic_arns = {
    critical   = module.storage.sns_topic_arns["critical"]
    monitoring = module.storage.sns_topic_arns["monitoring"]
  }

  archive_bucket = {
    id  = module.storage.archive_bucket_id
    arn = module.storage.archive_bucket_arn
  }

  pagerduty = {
    events_url = var.pagerduty_events_url
    secret_arn = module.storage.pagerduty_secret_arn
  }

  database = {
    reactive_url = module.storage.rds_cluster_reactive_url
    username     = module.storage.rds_cluster_master_username
    secret_arn   = module.storage.rds_cluster_master_user_secret_arn
  }

  tags = local.tags
}

module "iot" {
  source = "./modules/iot"

  name               = local.name
  kms_key_arn        = module.storage.kms_key_arn
  log_retention_days = var.log_retention_days

  ingest_function = {
    arn        = module.functions.function_arns["ingest"]
    name       = module.functions.function_names["ingest"]
    invoke_arn = module.functions.function_invoke_arns["ingest"]
  }

  error_bucket = {
    id  = module.storage.archive_bucket_id
    arn = module.storage.archive_bucket_arn
  }

  fleet_provisioning = {
    enabled                          = var.iot.fleet_provisioning_enabled
    pre_provisioning_hook_lambda_arn = var.iot.pre_provisioning_hook_lambda_arn
  }

  http_ingest = {
    authorization_type     = var.iot.http_authorization_type
    throttling_rate_limit  = var.iot.http_throttling_rate_limit
    throttling_burst_limit = var.iot.http_throttling_burst_limit
  }

  tags = local.tags
}

module "streams" {
  source = "./modules/streams"

  name               = local.name
  vpc_id             = module.network.vpc_id
  subnet_ids         = module.network.private_subnet_ids
  kms_key_arn        = module.storage.kms_key_arn
  metrics_namespace  = local.metrics_namespace
  log_retention_days = var.log_retention_days

  security_group_ids = {
    service = module.network.security_group_ids["streams"]
    alb     = module.network.security_group_ids["alb"]
  }

  service = {
    image_tag        = var.streams.image_tag
    cpu              = var.streams.cpu
    memory_mb        = var.streams.memory_mb
    desired_count    = var.streams.desired_count
    min_count        = var.streams.min_count
    max_count        = var.streams.max_count
    application_id   = var.streams.application_id
    lag_per_task     = var.streams.lag_per_task
    cpu_architecture = var.streams.cpu_architecture
    # An eighth of the task's memory unless set.
    rocksdb_memory_mb = var.streams.rocksdb_memory_mb
  }

  load_balancer = {
    enabled         = var.streams.load_balancer
    certificate_arn = var.streams.certificate_arn
  }

  kafka = {
    bootstrap_servers           = module.msk.cluster_bootstrap_brokers_sasl_iam
    cluster_name                = module.msk.cluster_name
    cluster_arn                 = module.msk.cluster_arn
    topic_arn_prefix            = module.msk.cluster_topic_arn_prefix
    group_arn_prefix            = module.msk.cluster_group_arn_prefix
    transactional_id_arn_prefix = module.msk.cluster_transactional_id_arn_prefix
    topics                      = keys(module.msk.topics)
    partitions                  = var.msk.default_partitions
    replication_factor          = module.msk.topic_replication_factor
  }

  database = {
    reactive_url = module.storage.rds_cluster_reactive_url
    username     = module.storage.rds_cluster_master_username
    secret_arn   = module.storage.rds_cluster_master_user_secret_arn
  }

  environment = {
    pagerduty_events_url = var.pagerduty_events_url
    pagerduty_secret_arn = module.storage.pagerduty_secret_arn
    sns_critical_arn     = module.storage.sns_topic_arns["critical"]
    sns_monitoring_arn   = module.storage.sns_topic_arns["monitoring"]
    archive_bucket       = module.storage.archive_bucket_id
  }

  tags = local.tags
}

module "observability" {
  source = "./modules/observability"

  name                  = local.name
  metrics_namespace     = local.metrics_namespace
  alarm_topic_arn       = module.storage.sns_topic_arns["alarms"]
  alarm_email_endpoints = var.alarms.email_endpoints
  function_names        = module.functions.function_names
  failure_queue_name    = module.functions.sqs_queue_failures_name
  msk_cluster_name      = module.msk.cluster_name

  consumer_groups = merge(
    { streams-service = { group = module.streams.application_id, topic = "iot-raw-events" } },
    { alert-store = { group = module.streams.alert_store_group_id, topic = "iot-alerts" } },
    { for k, e in module.functions.event_source_mappings : k => { group = e.group, topic = e.topic } },
  )

  streams_service = {
    cluster_name               = module.streams.ecs_cluster_name
    service_name               = module.streams.ecs_service_name
    load_balancer_enabled      = var.streams.load_balancer
    lb_arn_suffix              = module.streams.lb_arn_suffix
    lb_target_group_arn_suffix = module.streams.lb_target_group_arn_suffix
  }

  thresholds = {
    dlq_records_per_5m     = var.alarms.dlq_records_per_5m
    consumer_lag           = var.alarms.consumer_lag
    critical_alerts_per_5m = var.alarms.critical_alerts_per_5m
    fleet_silence_minutes  = var.alarms.fleet_silence_minutes
    function_errors_per_5m = var.alarms.function_errors_per_5m
  }

  tags = local.tags
}
