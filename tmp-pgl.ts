import { PGlite } from '@electric-sql/pglite';
const db = new PGlite();
await db.exec(`create table t (id int primary key, a text, b text generated always as (case when a = 'x' then 'yes' end) stored);
create table u (id int, t_id int);
create function bump() returns trigger language plpgsql as $$ begin update t set a = 'x' where id = new.t_id; return new; end $$;
create trigger u_ins after insert on u for each row execute function bump();
insert into t (id, a) values (1, 'y'); insert into u values (1, 1);`);
console.log((await db.query('select * from t')).rows);
