-- The conversation on a case between the customer and staff, read markers per side, and the reply
-- scripts (话术) staff pick from. The message text lives here; the case timeline only notes that a
-- message was written.

-- Reply scripts are versioned: editing adds a row with the next version and marks the previous one
-- superseded, so a message can always show the exact script and version it was written from.
create table reply_scripts (
  id text not null,
  version integer not null check (version > 0),
  title text not null check (char_length(title) between 1 and 100),
  category text not null,                        -- a problem type, or 'general'
  audience text not null check (audience in ('agent', 'leader', 'any')), -- who sends it to customers
  body text not null check (char_length(body) between 1 and 2000), -- with {variables}
  active boolean not null default true,
  created_by text not null,                      -- staff:S-1, or system:seed
  created_at timestamptz not null,
  superseded_at timestamptz,                     -- set when a newer version replaces this one
  primary key (id, version)
);
-- serves "the current version of a script" and keeps it to one per script
create unique index reply_scripts_current_idx on reply_scripts (id) where superseded_at is null;
-- serves the scripts that fit a case: current, active, of its problem type or general
create index reply_scripts_category_idx on reply_scripts (category) where superseded_at is null and active;

create table case_messages (
  id bigserial primary key,
  case_id text not null references cases (id),
  author text not null,                          -- customer:C1, staff:S-1
  author_role text not null,                     -- customer, leader, agent, supervisor
  author_name text not null default '',          -- a member of staff's name as it was when they wrote
  side text not null check (side in ('customer', 'staff')),
  body text not null check (char_length(body) between 1 and 2000),
  evidence_ids text[] not null default '{}',     -- the customer's own photos
  script_id text,
  script_version integer,
  client_message_id text,                        -- the sender's id for the message, echoed back
  created_at timestamptz not null,
  foreign key (script_id, script_version) references reply_scripts (id, version),
  constraint case_messages_script_pair check ((script_id is null) = (script_version is null))
);
-- serves the conversation of a case in order, polling after an id, and unread counts
create index case_messages_case_idx on case_messages (case_id, id);

-- How far each side has read a case's conversation. Staff share one marker: any of them reading
-- a customer's message means the customer has been heard.
create table case_message_reads (
  case_id text not null references cases (id),
  side text not null check (side in ('customer', 'staff')),
  read_up_to bigint not null default 0,
  read_at timestamptz not null,
  primary key (case_id, side)
);

-- A default set of scripts, in the words customers read. Variables are filled from the case when a
-- message is sent; {staffName} is the sender.
insert into reply_scripts (id, version, title, category, audience, body, created_by, created_at) values
  ('rs-greeting', 1, '首次接待', 'general', 'any',
   '您好{customerName}，我是{staffName}，您的售后单{caseId}由我负责跟进到底。有任何问题可以直接在这里留言，我会尽快回复您。',
   'system:seed', now()),
  ('rs-ask-photo', 1, '请补充照片', 'general', 'any',
   '您好{customerName}，为了尽快为您处理，麻烦拍一张商品问题部位的清晰照片（最好能看到包装上的标签和日期）发在这里，我们收到后马上核实。',
   'system:seed', now()),
  ('rs-progress', 1, '进度说明', 'general', 'any',
   '您好{customerName}，您的售后单{caseId}当前进度：{stage}。我们会持续跟进，有新进展会第一时间通知您。',
   'system:seed', now()),
  ('rs-refund-timing', 1, '退款到账时间', 'general', 'any',
   '您好{customerName}，退款{amount}已提交，将原路退回：微信支付一般当天到账，银行卡1–3个工作日到账。如超过3个工作日仍未收到，请在这里告诉我们，我们帮您查询。',
   'system:seed', now()),
  ('rs-return-at-pickup', 1, '自提点退货说明', 'general', 'any',
   '您好{customerName}，请在{returnDueDate}前把{itemName}（尽量保留原包装）带到{pickupPoint}交给团长，团长确认收货后会为您退款{amount}，不用寄快递。',
   'system:seed', now()),
  ('rs-leader-received', 1, '团长确认收到退货', 'general', 'leader',
   '您好{customerName}，您退回的{itemName}我已经在{pickupPoint}收到了，退款{amount}会尽快原路退回，请留意到账通知。',
   'system:seed', now()),
  ('rs-spoiled-refund', 1, '腐烂变质致歉并退款', 'spoiled', 'any',
   '非常抱歉{customerName}，{itemName}出现腐烂变质给您添麻烦了。已为您退款{amount}，原路退回，商品不用退回。我们已把这个问题反馈给供应商和仓库，避免再次发生。',
   'system:seed', now()),
  ('rs-damaged-refund', 1, '破损致歉并退款', 'damaged', 'any',
   '非常抱歉{customerName}，{itemName}在运输途中出现破损，是我们的包装和配送没做好。已为您退款{amount}，破损商品请自行处理，不用退回。',
   'system:seed', now()),
  ('rs-reship-arranged', 1, '已安排补发', 'missing_items', 'any',
   '您好{customerName}，少发的{itemName}已为您安排补发，会随下一批货送到{pickupPoint}，到货后团长会通知您取货。给您带来不便非常抱歉。',
   'system:seed', now()),
  ('rs-wrong-item', 1, '错发致歉并补发', 'wrong_item', 'any',
   '非常抱歉{customerName}，给您发错了商品。正确的{itemName}已安排补发到{pickupPoint}；发错的商品如不方便退回可以不用退，我们已通知仓库核查分拣。',
   'system:seed', now()),
  ('rs-late-compensation', 1, '配送超时补偿', 'late_delivery', 'any',
   '非常抱歉{customerName}，这次配送比承诺的时间晚了，耽误您了。我们为您补偿{amount}，已发放到您的账户，我们也会督促线路准时送达。',
   'system:seed', now()),
  ('rs-not-delivered-refund', 1, '缺货未送达退款', 'not_delivered', 'any',
   '非常抱歉{customerName}，{itemName}因缺货没能送达。已为您全额退款{amount}，原路退回，请留意到账通知。',
   'system:seed', now()),
  ('rs-short-weight-scale', 1, '缺斤少两请称重', 'short_weight', 'any',
   '您好{customerName}，麻烦把{itemName}放在电子秤上拍一张照片（能看清读数和商品），发在这里。核实后我们按短少的重量为您退差价。',
   'system:seed', now()),
  ('rs-expired-refund', 1, '临期过期致歉并退款', 'expired', 'any',
   '非常抱歉{customerName}，{itemName}的保质期没有把好关。已为您退款{amount}，请不要食用；我们已通知仓库下架同批次商品。',
   'system:seed', now()),
  ('rs-closing', 1, '结案回访', 'general', 'agent',
   '您好{customerName}，您的售后单{caseId}已处理完毕，感谢您的耐心。如对这次处理还有任何不满意，欢迎随时在这里告诉我们。',
   'system:seed', now());
