-- What /predict leaves of a model's posteriors (OutputPolicy.spec()); every model so far answered in full.
alter table model add column output_policy varchar(32) default 'full' not null;
