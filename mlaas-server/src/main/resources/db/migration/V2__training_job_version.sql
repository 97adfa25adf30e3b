-- Optimistic locking for training jobs: a run that was revived elsewhere must not overwrite the other run's end.
alter table training_job add column version bigint default 0 not null;
