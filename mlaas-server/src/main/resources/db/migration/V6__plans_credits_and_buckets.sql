-- An account's plan (its keys' rate limits and daily quotas, configured under mlaas.plans); null means the
-- configured default plan, as for every account made before plans existed.
alter table account add column plan varchar(40);

-- Credits left. Null: no balance to exhaust. A charge takes its cost off in the transaction that writes its ledger
-- row, and the check makes a charge that would overdraw fail, so the balance and the ledger always agree.
alter table account add column credit_balance numeric(19, 6);
alter table account add constraint account_credit_balance_not_negative check (credit_balance >= 0);

-- Bucket4j's buckets on PostgreSQL, one row per API key (its rate limit), shared by every replica (on H2, which one
-- server process opens, the buckets are kept in its memory).
create table bucket (
    id         bigint primary key,
    state      bytea,
    expires_at bigint
);

-- Each key's billed units per action and UTC day, counted in the transaction that writes the ledger row, so that a
-- daily quota holds across replicas and a rolled-back charge takes nothing from it.
create table daily_quota_use (
    api_key_id bigint      not null references api_key (id),
    action     varchar(20) not null,
    usage_day  date        not null,
    units      bigint      not null,
    primary key (api_key_id, action, usage_day)
);
