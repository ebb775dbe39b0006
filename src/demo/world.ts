import { zh_CN } from "@faker-js/faker";
import { createHashRng, createRng, cumulate, mobilePhone, pickWeighted, type Rng } from "./random.js";

/**
 * The places and people of the demo platform in 长沙: warehouses, delivery routes with their
 * drivers, ~200 pickup points with their leaders, and the households that buy there.
 * Everything depends on the seed only, never on how many orders are generated.
 */
export const CITY = "长沙";

export interface DemoWarehouse {
  id: string;
  name: string;
  city: string;
}
export interface DemoDriver {
  id: string;
  name: string;
  phone: string;
}
export interface DemoRoute {
  id: string;
  name: string;
  warehouse: DemoWarehouse;
  driver: DemoDriver;
}
export interface DemoPickupPoint {
  id: string;
  /** 1-based number, part of its customers' ids */
  no: number;
  name: string;
  address: string;
  district: string;
  community: string;
  leader: { id: string; name: string; phone: string };
  route: DemoRoute;
  /** position of the point on its route's morning run, 0 first */
  stop: number;
  /** households that buy here */
  households: number;
}
export interface DemoCustomer {
  id: string;
  name: string;
  phone: string;
  address: string;
}

export interface DemoWorld {
  seed: number;
  warehouses: DemoWarehouse[];
  routes: DemoRoute[];
  /** stand-in drivers who take a route when its own driver is off */
  spareDrivers: DemoDriver[];
  pickupPoints: DemoPickupPoint[];
  /** cumulative order shares of the pickup points, for pickWeighted */
  pickupPointWeights: number[];
  /** the customer `index` of a pickup point: the same person every time */
  customer(point: DemoPickupPoint, index: number): DemoCustomer;
}

const DISTRICTS: { name: string; share: number; warehouse: number; roads: string[] }[] = [
  { name: "岳麓区", share: 20, warehouse: 1, roads: ["麓山南路", "枫林三路", "桐梓坡路", "金星中路", "岳麓大道", "含浦大道"] },
  { name: "开福区", share: 14, warehouse: 1, roads: ["芙蓉北路", "湘江北路", "伍家岭路", "三一大道", "福城路"] },
  { name: "望城区", share: 10, warehouse: 1, roads: ["雷锋大道", "郭亮路", "旺旺路", "金星北路"] },
  { name: "雨花区", share: 18, warehouse: 0, roads: ["韶山中路", "劳动东路", "万家丽中路", "井湾路", "香樟路", "湘府东路"] },
  { name: "天心区", share: 13, warehouse: 0, roads: ["芙蓉南路", "书院路", "新姚路", "雀园路", "友谊路"] },
  { name: "芙蓉区", share: 12, warehouse: 0, roads: ["五一大道", "八一路", "远大一路", "车站北路", "马王堆路"] },
  { name: "长沙县", share: 13, warehouse: 2, roads: ["星沙大道", "开元路", "板仓路", "东六路"] },
];

const WAREHOUSES: DemoWarehouse[] = [
  { id: "WH-CS-01", name: "长沙雨花冷链中心仓", city: CITY },
  { id: "WH-CS-02", name: "长沙望城网格仓", city: CITY },
  { id: "WH-CS-03", name: "长沙县星沙网格仓", city: CITY },
];

const COMMUNITY_HEADS = [
  "金色", "枫林", "湘江", "麓谷", "梅溪", "洋湖", "中海", "保利", "万科", "融科", "北辰", "阳光", "锦绣", "星城", "德政",
  "芙蓉", "橘洲", "东方", "世纪", "润和", "华润", "名城", "新城", "金地", "碧湘", "桂花", "南湖", "月湖", "松雅", "泉塘",
];
const COMMUNITY_TAILS = ["花园", "小区", "家园", "新村", "公馆", "名都", "华府", "雅苑", "国际", "水岸", "印象", "天地", "一期", "二期"];
const POINT_KINDS = ["便利店自提点", "生鲜店自提点", "物业服务中心自提点", "快递驿站自提点", "团长家自提点", "水果店自提点"];
const GATES = ["南门", "北门", "东门", "西门", "1号门", "正门"];

const POINT_COUNT = 200;
const ROUTE_COUNT = 20;

/** Builds the demo world for a seed. */
export function buildWorld(seed: number): DemoWorld {
  const rng = createRng([seed, 1]);
  const person = () => chineseName(rng);
  const drivers: DemoDriver[] = Array.from({ length: ROUTE_COUNT + 4 }, (_, i) => ({
    id: `DRV${String(i + 1).padStart(2, "0")}`,
    name: person(),
    phone: mobilePhone(rng),
  }));

  const communities = uniqueCommunities(rng);
  const places = communities.map((community) => {
    const district = DISTRICTS[pickDistrict(rng)]!;
    return { community, district, road: rng.pick(district.roads), no: rng.int(1, 999), households: rng.int(40, 400) };
  });
  // Neighbouring points share a route: sort by district and road, then cut into runs.
  places.sort((a, b) => a.district.name.localeCompare(b.district.name) || a.road.localeCompare(b.road) || a.no - b.no);
  const perRoute = Math.ceil(POINT_COUNT / ROUTE_COUNT);
  const routes: DemoRoute[] = [];
  const pickupPoints: DemoPickupPoint[] = places.map((p, i) => {
    const r = Math.floor(i / perRoute);
    let route = routes[r];
    if (!route) {
      route = {
        id: `RT${String(r + 1).padStart(2, "0")}`,
        name: `${p.district.name.replace(/区|县$/, "")}${p.road}线`,
        warehouse: WAREHOUSES[p.district.warehouse]!,
        driver: drivers[r]!,
      };
      routes.push(route);
    }
    const no = i + 1;
    const id = String(no).padStart(3, "0");
    return {
      id: `PP${id}`,
      no,
      name: `${p.community}${rng.pick(POINT_KINDS)}`,
      address: `${CITY}市${p.district.name}${p.road}${p.no}号${p.community}${rng.pick(GATES)}`,
      district: p.district.name,
      community: p.community,
      leader: { id: `LD${id}`, name: person(), phone: mobilePhone(rng) },
      route,
      stop: i % perRoute,
      households: p.households,
    };
  });

  const customers = new Map<string, DemoCustomer>();
  const customer = (point: DemoPickupPoint, index: number): DemoCustomer => {
    const id = `CU${String(point.no).padStart(3, "0")}${String(index).padStart(4, "0")}`;
    const known = customers.get(id);
    if (known) return known;
    // Drawn from the customer's own coordinates, so a person does not depend on who bought before.
    const own = createHashRng(seed, "customer", point.no, index);
    const created = {
      id,
      name: chineseName(own),
      phone: mobilePhone(own),
      address: `${point.address.replace(/(南|北|东|西|正|1号)门$/, "")}${own.int(1, 30)}栋${own.int(1, 4)}单元${own.int(1, 33)}0${own.int(1, 6)}室`,
    };
    customers.set(id, created);
    return created;
  };

  return {
    seed,
    warehouses: WAREHOUSES,
    routes,
    spareDrivers: drivers.slice(ROUTE_COUNT),
    pickupPoints,
    pickupPointWeights: cumulate(pickupPoints.map((p) => p.households)),
    customer,
  };
}

// Common surnames, most frequent first (湖南 has many 刘, 李, 陈, 彭, 谭, 曾), weighted by rank.
const SURNAMES = [..."刘李陈王张周彭谭曾罗杨黄赵吴徐邓胡欧阳何肖唐孙朱马郭林高蒋易贺龙蔡袁汤".replace("欧阳", "")].concat(["欧阳", "谢", "廖", "任", "姚", "邹"]);
const SURNAME_WEIGHTS = cumulate(SURNAMES.map((_, i) => 1 / (i + 4)));
const GIVEN_NAMES = [...(zh_CN.person?.first_name?.female ?? []), ...(zh_CN.person?.first_name?.male ?? [])];

/** A Chinese full name, surname first (e.g. 彭思远): surnames by frequency, given names from faker's zh_CN list. */
function chineseName(rng: Rng): string {
  const given = GIVEN_NAMES.length ? rng.pick(GIVEN_NAMES) : "伟";
  return SURNAMES[pickWeighted(SURNAME_WEIGHTS, rng.next())] + given;
}

function pickDistrict(rng: Rng): number {
  const weights = cumulate(DISTRICTS.map((d) => d.share));
  const target = rng.next() * (weights[weights.length - 1] ?? 1);
  return Math.max(0, weights.findIndex((w) => w > target));
}

function uniqueCommunities(rng: Rng): string[] {
  const names = new Set<string>();
  while (names.size < POINT_COUNT) names.add(`${rng.pick(COMMUNITY_HEADS)}${rng.pick(COMMUNITY_TAILS)}`);
  return [...names];
}
