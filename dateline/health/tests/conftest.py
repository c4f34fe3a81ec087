from .fault import migrated_data, postgres_server, redis_server  # noqa: F401 (fixtures)
