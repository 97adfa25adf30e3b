-- A request sent with an Idempotency-Key header is charged at most once: its ledger row carries the key, and the
-- unique index refuses a second row for the same API key and Idempotency-Key, on any replica, even after a crash.
-- (Rows without a key are null there, and nulls never collide in a unique index on H2 or PostgreSQL.)
alter table ledger_request add column idempotency_key varchar(255);
create unique index ledger_request_idempotency_idx on ledger_request (api_key_id, idempotency_key);

-- The first answer to each (API key, Idempotency-Key), replayed to its retries; status null while it is being made.
create table idempotent_request (
    api_key_id      bigint                   not null references api_key (id),
    idempotency_key varchar(255)             not null,
    request_hash    bytea                    not null,
    status          integer,
    headers         varchar(4000),
    body            bytea,
    created_at      timestamp with time zone not null,
    primary key (api_key_id, idempotency_key)
);
