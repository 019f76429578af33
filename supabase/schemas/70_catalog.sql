-- Catalog and carts (the Laburen seed): workspace products, one cart per
-- conversation, cart items. Adding to a cart RESERVES stock: the cart_items
-- triggers move units between products.stock and the cart, so any path that
-- writes cart items (the functions below, the Data API, a cascade) keeps
-- "stock on the shelf + units in carts" constant.

-- --------------------------------------------------------------- products

create table public.products (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  -- ASCII and short: SKUs are typed into CSVs and tool calls, and keyset cursors carry them.
  sku text not null check (sku ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
  name text not null check (char_length(btrim(name)) between 1 and 200),
  description text not null default '' check (char_length(description) <= 5000),
  price numeric(12, 2) not null check (price >= 0),
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  stock int not null default 0 check (stock >= 0),
  active boolean not null default true,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, sku), -- also the list order and its keyset cursor
  unique (workspace_id, id) -- target of the same-workspace foreign key from cart_items
);
create index products_search_idx on public.products
  using gin ((sku || ' ' || name || ' ' || description) extensions.gin_trgm_ops);

create trigger products_touch before update on public.products
  for each row execute function private.touch_updated_at();

create or replace function private.audit_products()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  r record := coalesce(new, old);
begin
  -- A workspace being deleted takes its products with it; its own entry says so.
  if not exists (select 1 from public.workspaces w where w.id = r.workspace_id) then
    return null;
  end if;
  perform private.write_audit(r.workspace_id, case when tg_op = 'INSERT' then 'product.created' else 'product.deleted' end,
    'product', r.id::text, jsonb_build_object('sku', r.sku, 'name', r.name));
  return null;
end
$$;
create trigger products_audit after insert or delete on public.products
  for each row execute function private.audit_products();

-- Edits; stock moved by a cart is a sale in progress, not an edit of the catalog.
create or replace function private.audit_product_updates()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  o jsonb := jsonb_build_object('sku', old.sku, 'name', old.name, 'description', old.description,
    'price', old.price, 'currency', old.currency, 'stock', old.stock, 'active', old.active);
  n jsonb := jsonb_build_object('sku', new.sku, 'name', new.name, 'description', new.description,
    'price', new.price, 'currency', new.currency, 'stock', new.stock, 'active', new.active);
  changed text[] := private.audit_changed_keys(o, n);
begin
  if cardinality(changed) = 0 then
    return null;
  end if;
  -- Stock moved by a cart (the cart_items triggers reserve and restock) is a
  -- sale in progress, not an edit of the catalog.
  if changed = array['stock'] and pg_trigger_depth() > 1 then
    return null;
  end if;
  perform private.write_audit(new.workspace_id, 'product.updated', 'product', new.id::text,
    jsonb_build_object('sku', new.sku, 'name', new.name, 'changed', to_jsonb(changed),
      'changes', private.audit_changes(o, n, array['sku', 'name', 'price', 'currency', 'stock', 'active'])));
  return null;
end
$$;
create trigger products_audit_update after update on public.products
  for each row execute function private.audit_product_updates();

-- Members manage the catalog.
revoke all on public.products from anon, authenticated;
grant select, delete on public.products to authenticated;
grant insert (workspace_id, sku, name, description, price, currency, stock, active, created_by)
  on public.products to authenticated;
grant update (sku, name, description, price, currency, stock, active) on public.products to authenticated;
grant all on public.products to service_role;

alter table public.products enable row level security;
alter table public.products force row level security;

create policy products_select on public.products for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy products_insert on public.products for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('member'))
    and (created_by is null or created_by = (select auth.uid())));
create policy products_update on public.products for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('member')))
  with check (workspace_id in (select private.my_workspace_ids('member')));
create policy products_delete on public.products for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('member')));

-- ------------------------------------------------------------------ carts

-- Carts point at conversations with a workspace-scoped key (the FK check runs
-- as the table owner, past RLS, so a plain (id) key would let a member of A
-- hang a cart on B's conversation).
create table public.carts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  conversation_id uuid not null,
  -- Set by the first item, cleared when the cart empties: one currency per cart.
  currency text check (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, conversation_id),
  unique (workspace_id, id),
  foreign key (workspace_id, conversation_id)
    references public.conversations (workspace_id, id) on delete cascade
);

create trigger carts_touch before update on public.carts
  for each row execute function private.touch_updated_at();

-- updated_at only: the functions lock and touch the cart row with it; the
-- trigger overwrites whatever value is written.
revoke all on public.carts from anon, authenticated;
grant select, delete on public.carts to authenticated;
grant insert (workspace_id, conversation_id) on public.carts to authenticated;
grant update (updated_at) on public.carts to authenticated;
grant all on public.carts to service_role;

alter table public.carts enable row level security;
alter table public.carts force row level security;

create policy carts_select on public.carts for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy carts_insert on public.carts for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('member')));
create policy carts_update on public.carts for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('member')))
  with check (workspace_id in (select private.my_workspace_ids('member')));
create policy carts_delete on public.carts for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('member')));

-- ------------------------------------------------------------- cart_items

create table public.cart_items (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  cart_id uuid not null,
  product_id uuid not null,
  quantity int not null check (quantity between 1 and 100000),
  -- The price when the product was first added; set by trigger, never by the caller.
  unit_price numeric(12, 2) not null default 0 check (unit_price >= 0),
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (cart_id, product_id),
  foreign key (workspace_id, cart_id) references public.carts (workspace_id, id) on delete cascade,
  -- NO ACTION (checked at the end of the statement): a product in a cart cannot
  -- be deleted, but a workspace cascade that removes both at once still works.
  foreign key (workspace_id, product_id) references public.products (workspace_id, id)
);
create index cart_items_product_idx on public.cart_items (workspace_id, product_id);

-- Stock moves with cart items. Security definer: the item write itself was
-- allowed by RLS, and the product is in the same workspace (composite FK), so
-- the stock change is a consequence, not a separate permission. The product
-- row lock serialises concurrent reservations: of two carts racing for the
-- last unit, the second sees stock 0 after the first commits.
create or replace function private.cart_items_reserve()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  p record;
  cart_currency text;
  delta int;
begin
  -- Definer rights must not run ahead of RLS: refuse a user who may not write
  -- here before touching any stock (the service path carries no claims).
  if (select auth.uid()) is not null
     and new.workspace_id not in (select private.my_workspace_ids('member')) then
    raise exception 'permission denied for table cart_items' using errcode = '42501';
  end if;
  if tg_op = 'UPDATE' then
    -- Identity, price and currency are fixed at insert.
    new.id := old.id; new.workspace_id := old.workspace_id; new.cart_id := old.cart_id;
    new.product_id := old.product_id; new.unit_price := old.unit_price; new.currency := old.currency;
    new.created_at := old.created_at; new.updated_at := now();
    delta := new.quantity - old.quantity;
  else
    delta := new.quantity;
  end if;

  select pr.price, pr.currency, pr.active, pr.stock, pr.sku into p
  from public.products pr
  where pr.workspace_id = new.workspace_id and pr.id = new.product_id
  for update;
  if not found then
    raise exception 'product not found' using errcode = 'P0002', hint = 'product_not_found';
  end if;

  -- An inactive product cannot be added, nor more of it; lowering a quantity is fine.
  if delta > 0 and not p.active then
    raise exception 'product % is not available', p.sku using errcode = 'P0001', hint = 'product_inactive';
  end if;
  if tg_op = 'INSERT' then
    select c.currency into cart_currency from public.carts c
    where c.workspace_id = new.workspace_id and c.id = new.cart_id
    for update;
    if cart_currency is null then
      update public.carts set currency = p.currency where id = new.cart_id;
    elsif cart_currency <> p.currency then
      raise exception 'cart is in %, product is in %', cart_currency, p.currency
        using errcode = 'P0001', hint = 'currency_mismatch',
              detail = json_build_object('cartCurrency', cart_currency, 'productCurrency', p.currency)::text;
    end if;
    new.unit_price := p.price;
    new.currency := p.currency;
  end if;

  if delta > 0 and p.stock < delta then
    raise exception 'only % of % left', p.stock, p.sku
      using errcode = 'P0001', hint = 'out_of_stock',
            detail = json_build_object('available', p.stock, 'requested', delta)::text;
  end if;
  if delta <> 0 then
    update public.products set stock = stock - delta
    where workspace_id = new.workspace_id and id = new.product_id;
  end if;
  return new;
end
$$;
create trigger cart_items_reserve before insert or update on public.cart_items
  for each row execute function private.cart_items_reserve();

-- A removed item (by hand, or with its cart or conversation) goes back on the shelf.
create or replace function private.cart_items_restock()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  update public.products set stock = stock + old.quantity
  where workspace_id = old.workspace_id and id = old.product_id;
  update public.carts c set currency = null
  where c.id = old.cart_id and c.currency is not null
    and not exists (select 1 from public.cart_items i where i.cart_id = old.cart_id);
  return null;
end
$$;
create trigger cart_items_restock after delete on public.cart_items
  for each row execute function private.cart_items_restock();

-- Price and currency are the trigger's to set: a caller cannot choose its own price.
revoke all on public.cart_items from anon, authenticated;
grant select, delete on public.cart_items to authenticated;
grant insert (workspace_id, cart_id, product_id, quantity) on public.cart_items to authenticated;
grant update (quantity) on public.cart_items to authenticated;
grant all on public.cart_items to service_role;

alter table public.cart_items enable row level security;
alter table public.cart_items force row level security;

create policy cart_items_select on public.cart_items for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy cart_items_insert on public.cart_items for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('member')));
create policy cart_items_update on public.cart_items for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('member')))
  with check (workspace_id in (select private.my_workspace_ids('member')));
create policy cart_items_delete on public.cart_items for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('member')));

-- ------------------------------------------------------------- functions

-- One round trip per cart operation, as the caller (security invoker), so RLS
-- decides; the cart row lock orders concurrent operations on one cart.

-- Creates the conversation's cart if needed and adds `p_quantity` of a
-- product, merging into an existing line. Returns the cart id.
create or replace function public.cart_add_item(
  p_workspace uuid, p_conversation uuid, p_product uuid, p_quantity int
) returns uuid
language plpgsql set search_path = '' as $$
declare
  cart uuid;
begin
  if p_quantity is null or p_quantity < 1 then
    raise exception 'quantity must be at least 1' using errcode = '22023';
  end if;
  if not exists (select 1 from public.conversations c where c.workspace_id = p_workspace and c.id = p_conversation) then
    raise exception 'conversation not found' using errcode = 'P0002', hint = 'conversation_not_found';
  end if;
  insert into public.carts (workspace_id, conversation_id) values (p_workspace, p_conversation)
  on conflict (workspace_id, conversation_id) do nothing;
  update public.carts set updated_at = now()
  where workspace_id = p_workspace and conversation_id = p_conversation
  returning id into cart;
  if cart is null then
    raise exception 'you cannot change this cart' using errcode = '42501';
  end if;
  update public.cart_items set quantity = quantity + p_quantity
  where cart_id = cart and product_id = p_product;
  if not found then
    insert into public.cart_items (workspace_id, cart_id, product_id, quantity)
    values (p_workspace, cart, p_product, p_quantity);
  end if;
  return cart;
end
$$;

-- Sets a line's quantity; 0 removes it. Returns the cart id.
create or replace function public.cart_set_item_quantity(
  p_workspace uuid, p_conversation uuid, p_product uuid, p_quantity int
) returns uuid
language plpgsql set search_path = '' as $$
declare
  cart uuid;
begin
  if p_quantity is null or p_quantity < 0 then
    raise exception 'quantity must be 0 or more' using errcode = '22023';
  end if;
  select c.id into cart from public.carts c
  where c.workspace_id = p_workspace and c.conversation_id = p_conversation;
  if cart is null then
    if not exists (select 1 from public.conversations c where c.workspace_id = p_workspace and c.id = p_conversation) then
      raise exception 'conversation not found' using errcode = 'P0002', hint = 'conversation_not_found';
    end if;
    raise exception 'cart not found' using errcode = 'P0002', hint = 'cart_not_found';
  end if;
  update public.carts set updated_at = now() where id = cart;
  if not found then
    raise exception 'you cannot change this cart' using errcode = '42501';
  end if;
  if p_quantity = 0 then
    delete from public.cart_items where cart_id = cart and product_id = p_product;
  else
    update public.cart_items set quantity = p_quantity where cart_id = cart and product_id = p_product;
  end if;
  if not found then
    raise exception 'product not in cart' using errcode = 'P0002', hint = 'cart_item_not_found';
  end if;
  return cart;
end
$$;

revoke all on function public.cart_add_item(uuid, uuid, uuid, int),
  public.cart_set_item_quantity(uuid, uuid, uuid, int) from public, anon;
grant execute on function public.cart_add_item(uuid, uuid, uuid, int),
  public.cart_set_item_quantity(uuid, uuid, uuid, int) to authenticated, service_role;
