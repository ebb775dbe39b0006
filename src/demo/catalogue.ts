/**
 * The demo platform's goods and suppliers: a regional community-group-buying assortment
 * around 长沙. Prices are integer fen, weights grams per unit, shelf life in days.
 */

/** How goods are handled: decides the item's flags and how its batches are dated. */
export type Handling = "produce" | "meat" | "eggs" | "seafood" | "dairy" | "frozen" | "ambient" | "made_to_order" | "digital" | "periodical";

/** What a supplier sells. */
export type Trade = "fruit" | "veg" | "meat" | "egg" | "seafood" | "dairy" | "frozen" | "grain" | "snack" | "daily" | "bakery" | "digital" | "press";

export interface DemoSupplier {
  id: string;
  name: string;
  trade: Trade;
}

export interface DemoSku {
  sku: string;
  /** short code used in batch ids, e.g. STRW in B20261124-STRW-01 */
  code: string;
  name: string;
  category: string;
  handling: Handling;
  priceFen: number;
  weightG: number;
  shelfDays: number;
  /** relative sales weight */
  popularity: number;
  suppliers: DemoSupplier[];
}

type Row = [code: string, name: string, priceFen: number, weightG: number, shelfDays: number, popularity: number];
interface Shelf {
  category: string;
  handling: Handling;
  trade: Trade;
  rows: Row[];
}

const SUPPLIER_NAMES: [Trade, string][] = [
  ["fruit", "湖南浏阳金果果业有限公司"], ["fruit", "丹东九九草莓种植专业合作社"], ["fruit", "长沙望城鲜丰果业有限公司"],
  ["fruit", "湖南炎陵黄桃产业有限公司"], ["fruit", "云南滇红果蔬供应链有限公司"], ["fruit", "广西武鸣沃柑农业开发有限公司"],
  ["fruit", "海南三亚热带水果有限公司"], ["fruit", "新疆阿克苏天山果业有限公司"], ["fruit", "烟台福山苹果专业合作社"],
  ["veg", "宁乡绿源蔬菜专业合作社"], ["veg", "湖南湘潭田园农业开发有限公司"], ["veg", "望城靖港蔬菜基地有限公司"],
  ["veg", "湖南常德鲜蔬供应链有限公司"], ["veg", "长沙县春华生态农业有限公司"], ["veg", "寿光蔬菜产业湖南配送有限公司"],
  ["meat", "湖南湘乡黑猪食品有限公司"], ["meat", "宁乡花猪肉业有限公司"], ["meat", "长沙鸿鑫禽业有限公司"],
  ["meat", "湖南洞庭牛羊肉有限公司"], ["egg", "浏阳土鸡蛋专业合作社"], ["egg", "湖南益阳山林禽蛋有限公司"],
  ["seafood", "湖南岳阳洞庭湖水产有限公司"], ["seafood", "长沙马王堆海鲜供应链有限公司"], ["seafood", "益阳南县小龙虾养殖合作社"],
  ["dairy", "湖南优鲜乳业有限公司"], ["dairy", "内蒙古草原牧场乳业有限公司"], ["dairy", "长沙麓山牧场乳品有限公司"],
  ["frozen", "湖南湘味速冻食品有限公司"], ["frozen", "长沙冰城冷链食品有限公司"], ["frozen", "湖南金禾冷冻食品有限公司"],
  ["grain", "桃江稻香米业有限公司"], ["grain", "湖南道香粮油有限公司"], ["grain", "五常稻花香米业有限公司"],
  ["snack", "长沙湘辣零食有限公司"], ["snack", "湖南湘茶饮品有限公司"], ["daily", "湖南洁净日化有限公司"],
  ["daily", "长沙雨花日用百货贸易有限公司"], ["daily", "广州白云日化用品有限公司"], ["bakery", "长沙麦香坊烘焙有限公司"],
  ["digital", "湖南安心数字科技有限公司"], ["press", "湖南潇湘文化传媒有限公司"],
];

/** The ~40 suppliers, ids SUP001… in list order. */
export const SUPPLIERS: DemoSupplier[] = SUPPLIER_NAMES.map(([trade, name], i) => ({
  id: `SUP${String(i + 1).padStart(3, "0")}`,
  name,
  trade,
}));

const SHELVES: Shelf[] = [
  { category: "水果", handling: "produce", trade: "fruit", rows: [
    ["STRW", "红颜草莓 500g/盒", 2990, 500, 3, 10], ["DD99", "丹东99草莓 1.5kg礼盒", 8990, 1500, 4, 4],
    ["QLXG", "麒麟西瓜 1个约2.5kg", 2590, 2500, 10, 7], ["SMGR", "阳光玫瑰葡萄 500g", 2490, 500, 7, 9],
    ["JBGR", "巨峰葡萄 1kg", 1990, 1000, 5, 5], ["WOGN", "广西沃柑 2.5kg", 2290, 2500, 15, 8],
    ["AKAP", "阿克苏冰糖心苹果 2.5kg", 3990, 2500, 30, 6], ["YTAP", "烟台红富士苹果 5斤", 2990, 2500, 30, 6],
    ["HNMG", "海南贵妃芒 2.5kg", 3290, 2500, 7, 5], ["XJPR", "库尔勒香梨 1.5kg", 2590, 1500, 20, 4],
    ["BNNA", "云南香蕉 1.5kg", 1290, 1500, 5, 8], ["YLHT", "炎陵黄桃 2.5kg", 4590, 2500, 5, 3],
    ["KIWI", "徐香猕猴桃 12个装", 2990, 1200, 14, 5], ["CHRY", "智利车厘子 J级 500g", 5990, 500, 7, 3],
    ["LYCH", "妃子笑荔枝 1kg", 3590, 1000, 3, 3], ["BLBR", "蓝莓 125g×2盒", 2590, 250, 7, 6],
    ["PMLO", "琯溪蜜柚 1个约1.5kg", 1590, 1500, 30, 4], ["NVEL", "赣南脐橙 2.5kg", 2690, 2500, 20, 7],
    ["HAMI", "哈密瓜 1个约2kg", 2490, 2000, 10, 4], ["PITY", "红心火龙果 4个装", 2290, 1600, 10, 4],
    ["PINE", "海南金钻凤梨 1个", 1590, 1200, 7, 3], ["DURN", "泰国金枕榴莲 1个约3kg", 19800, 3000, 5, 1],
    ["LMON", "安岳黄柠檬 500g", 990, 500, 20, 3], ["AVCD", "牛油果 4个装", 2490, 800, 7, 2],
    ["MLON", "网纹瓜 1个约1.5kg", 2990, 1500, 10, 3], ["GRPF", "西柚 4个装", 1990, 1600, 20, 2],
    ["PSMN", "脆柿子 1.5kg", 1690, 1500, 7, 2], ["YBRY", "东魁杨梅 500g", 3990, 500, 2, 2],
    ["CTLP", "圣女果 500g", 890, 500, 7, 7], ["SGCN", "甘蔗段 1kg", 1290, 1000, 5, 2],
  ] },
  { category: "蔬菜", handling: "produce", trade: "veg", rows: [
    ["SPNC", "本地菠菜 400g", 390, 400, 2, 7], ["CBBG", "包菜 1个约1kg", 390, 1000, 7, 6],
    ["TMTO", "普罗旺斯西红柿 1kg", 990, 1000, 5, 9], ["CCMB", "水果黄瓜 500g", 590, 500, 5, 8],
    ["PTTO", "黄心土豆 2.5kg", 990, 2500, 20, 7], ["CRRT", "胡萝卜 1kg", 490, 1000, 14, 5],
    ["ONIN", "紫皮洋葱 1kg", 490, 1000, 30, 5], ["GRLC", "大蒜 500g", 790, 500, 60, 4],
    ["GNGR", "小黄姜 250g", 490, 250, 30, 4], ["PPPR", "螺丝椒 500g", 690, 500, 5, 7],
    ["RDPR", "小米辣 100g", 290, 100, 7, 6], ["EGPL", "紫长茄子 500g", 490, 500, 5, 5],
    ["LTUC", "生菜 300g", 390, 300, 3, 5], ["BRCL", "西兰花 500g", 690, 500, 5, 6],
    ["CULF", "有机花菜 600g", 690, 600, 5, 4], ["BKCH", "上海青 500g", 390, 500, 2, 6],
    ["LOTS", "洪湖莲藕 1kg", 1290, 1000, 7, 4], ["CRNS", "甜玉米 3根装", 990, 900, 3, 5],
    ["MSHR", "香菇 300g", 790, 300, 5, 4], ["ENKI", "金针菇 200g×2", 490, 400, 7, 5],
    ["BNSP", "绿豆芽 500g", 290, 500, 2, 4], ["WTFC", "四季豆 500g", 690, 500, 4, 4],
    ["PMPK", "贝贝南瓜 1.5kg", 1290, 1500, 30, 4], ["SWPT", "红薯 2.5kg", 990, 2500, 30, 4],
    ["SCLN", "小香葱 100g", 190, 100, 3, 6],
  ] },
  { category: "肉禽", handling: "meat", trade: "meat", rows: [
    ["PKBL", "黑猪五花肉 500g", 2590, 500, 3, 9], ["PKLG", "猪前腿肉 500g", 1990, 500, 3, 7],
    ["PKRB", "猪肋排 500g", 3290, 500, 3, 6], ["PKMN", "猪肉末 400g", 1690, 400, 2, 6],
    ["BFBR", "原切牛腩 500g", 4990, 500, 3, 4], ["CHKW", "鸡翅中 500g", 2690, 500, 3, 6],
    ["CHKL", "琵琶腿 1kg", 2290, 1000, 3, 5], ["CHKN", "三黄鸡 1只约1.2kg", 3590, 1200, 2, 4],
    ["DUCK", "宁乡口味鸭 半只", 3290, 600, 2, 3], ["LMBR", "羊肉卷 300g", 3990, 300, 3, 2],
  ] },
  { category: "蛋品", handling: "eggs", trade: "egg", rows: [
    ["EGG30", "土鸡蛋30枚", 2990, 1500, 30, 9], ["EGG10", "散养土鸡蛋10枚", 1290, 500, 30, 6],
    ["DKEG", "咸鸭蛋 6枚", 1590, 420, 45, 3], ["QLEG", "鹌鹑蛋 500g", 1290, 500, 20, 3],
  ] },
  { category: "水产", handling: "seafood", trade: "seafood", rows: [
    ["CRFS", "鲜活鲫鱼 1条约500g", 1590, 500, 1, 5], ["GRPR", "草鱼块 1kg", 2290, 1000, 2, 4],
    ["CRAY", "小龙虾 1.5kg", 6990, 1500, 1, 5], ["SHRM", "鲜活基围虾 500g", 4590, 500, 1, 4],
    ["SQID", "鱿鱼须 500g", 2990, 500, 2, 2], ["CLAM", "花甲 1kg", 1690, 1000, 1, 3],
    ["BASS", "鲈鱼 1条约600g", 3290, 600, 1, 3], ["YLCK", "黄骨鱼 500g", 2990, 500, 1, 3],
  ] },
  { category: "乳品", handling: "dairy", trade: "dairy", rows: [
    ["MILK", "鲜牛奶 950ml", 1590, 1000, 7, 9], ["MLK2", "低温鲜奶 250ml×6", 2390, 1500, 7, 6],
    ["YGRT", "原味酸奶 100g×8", 1690, 800, 21, 8], ["GKYG", "希腊式酸奶 135g×4", 2290, 540, 21, 4],
    ["MKTE", "常温纯牛奶 250ml×12", 5490, 3000, 180, 6], ["CHES", "儿童奶酪棒 500g", 4990, 500, 120, 4],
    ["BUTR", "黄油 200g", 2890, 200, 180, 2], ["SOYM", "鲜豆浆 1L", 690, 1000, 3, 5],
    ["CREM", "淡奶油 1L", 4290, 1000, 60, 2], ["MKCF", "鲜奶咖啡 280ml×4", 2590, 1120, 14, 3],
    ["LCTF", "无乳糖牛奶 1L", 1890, 1000, 14, 3], ["YKLT", "乳酸菌饮品 100ml×5", 1190, 500, 30, 5],
  ] },
  { category: "冷冻", handling: "frozen", trade: "frozen", rows: [
    ["DMPL", "猪肉白菜水饺 1kg", 2290, 1000, 365, 7], ["TGYN", "黑芝麻汤圆 500g", 1290, 500, 365, 5],
    ["BAOZ", "鲜肉小笼包 600g", 1990, 600, 180, 6], ["SHMI", "手抓饼 20片", 2490, 1800, 180, 5],
    ["CKNB", "鸡米花 1kg", 2990, 1000, 365, 4], ["FRIE", "薯条 1kg", 1990, 1000, 365, 3],
    ["FBLL", "鱼丸 500g", 1590, 500, 365, 4], ["ICEC", "香草冰淇淋 4支装", 2590, 360, 365, 3],
    ["ZONG", "蛋黄肉粽 4只", 2990, 800, 180, 2], ["HTPT", "火锅丸子拼盘 1kg", 3290, 1000, 365, 3],
    ["WNTN", "荠菜馄饨 500g", 1690, 500, 180, 4], ["STBN", "速冻玉米粒 500g", 890, 500, 365, 2],
  ] },
  { category: "粮油", handling: "ambient", trade: "grain", rows: [
    ["RICE", "桃江大米 10kg", 5990, 10000, 365, 6], ["WCRC", "五常稻花香大米 5kg", 6990, 5000, 365, 4],
    ["OILR", "压榨菜籽油 5L", 7990, 4600, 540, 5], ["OILP", "花生油 5L", 9990, 4600, 540, 4],
    ["NDLE", "湖南米粉 2kg", 1690, 2000, 180, 6], ["FLUR", "中筋面粉 5kg", 2990, 5000, 365, 3],
    ["SOYS", "生抽酱油 1.9L", 1790, 2100, 540, 5], ["VNGR", "香醋 500ml", 690, 550, 720, 3],
    ["SALT", "加碘食盐 400g", 250, 400, 1095, 3], ["SGAR", "白砂糖 1kg", 990, 1000, 720, 2],
    ["CHLI", "剁辣椒 500g", 1290, 550, 365, 6], ["NODL", "挂面 1kg", 890, 1000, 365, 4],
  ] },
  { category: "零食饮料", handling: "ambient", trade: "snack", rows: [
    ["SPTL", "香辣辣条 500g", 1590, 500, 240, 5], ["NUTS", "每日坚果 30袋", 6990, 750, 240, 3],
    ["WTER", "饮用天然水 550ml×24", 2490, 13200, 540, 7], ["CKCL", "可乐 330ml×12", 3290, 4000, 365, 4],
    ["TEAL", "冰红茶 500ml×15", 3990, 7500, 270, 3], ["BISC", "苏打饼干 1kg", 2290, 1000, 270, 3],
    ["SFRT", "香辣鱼仔 400g", 1990, 400, 240, 3], ["CHIP", "薯片 6袋装", 2590, 420, 270, 3],
    ["DATE", "新疆红枣 1kg", 3990, 1000, 365, 2], ["MKTEA", "奶茶粉 20条", 2990, 500, 365, 2],
  ] },
  { category: "日用百货", handling: "ambient", trade: "daily", rows: [
    ["TISU", "抽纸 3层120抽×24包", 4990, 3600, 1095, 8], ["ROLL", "卷纸 4层×27卷", 5990, 3800, 1095, 5],
    ["LNDY", "洗衣液 3kg", 3990, 3000, 1095, 6], ["DSHW", "洗洁精 1.5kg", 1590, 1500, 1095, 5],
    ["SHMP", "去屑洗发水 750ml", 4590, 800, 1095, 3], ["BWSH", "沐浴露 1L", 3990, 1050, 1095, 3],
    ["TPST", "牙膏 180g×3", 3590, 540, 1095, 4], ["TBRS", "软毛牙刷 4支", 1990, 120, 1825, 3],
    ["TRSB", "加厚垃圾袋 100只", 1590, 600, 1825, 5], ["WIPE", "湿巾 80抽×5包", 2490, 2000, 730, 4],
    ["KTWL", "厨房纸巾 4卷", 1690, 800, 1095, 3], ["DSNF", "84消毒液 1.2kg", 1290, 1300, 720, 3],
    ["SPNG", "百洁布 10片", 990, 100, 1825, 2], ["CLMT", "一次性手套 100只", 1290, 200, 1825, 2],
    ["MOSQ", "电热蚊香液 3瓶", 2990, 150, 1095, 2],
  ] },
  { category: "烘焙定制", handling: "made_to_order", trade: "bakery", rows: [
    ["CAKE6", "定制生日蛋糕 6寸", 12800, 800, 1, 2], ["CAKE8", "定制生日蛋糕 8寸", 19800, 1300, 1, 2],
    ["FRCK", "定制水果蛋糕 6寸", 13800, 900, 1, 1], ["MNCK", "定制刻字月饼礼盒", 16800, 1000, 30, 1],
  ] },
  { category: "虚拟商品", handling: "digital", trade: "digital", rows: [
    ["VIPM", "安心会员月卡", 1500, 0, 30, 2], ["VIPY", "安心会员年卡", 12800, 0, 365, 1],
    ["CPN20", "生鲜电子券 满100减20", 1000, 0, 30, 2], ["GIFT", "电子礼品卡 100元", 10000, 0, 365, 1],
  ] },
  { category: "报刊", handling: "periodical", trade: "press", rows: [
    ["MAGK", "《故事会》当月刊", 600, 150, 0, 2], ["MAGR", "《读者》当月刊", 800, 180, 0, 2],
    ["MAGC", "《儿童文学》当月刊", 1200, 200, 0, 1], ["MAGF", "《家庭医生》当月刊", 900, 160, 0, 1],
  ] },
];

function buildCatalogue(): DemoSku[] {
  const codes = new Set<string>();
  const catalogue: DemoSku[] = [];
  for (const shelf of SHELVES) {
    const traders = SUPPLIERS.filter((s) => s.trade === shelf.trade);
    for (const [code, name, priceFen, weightG, shelfDays, popularity] of shelf.rows) {
      if (codes.has(code)) throw new Error(`duplicate SKU code ${code}`);
      codes.add(code);
      const first = catalogue.length % traders.length;
      // Most goods come from one or two suppliers of their trade, rotated so each supplier gets a share.
      const suppliers = traders.length > 1 ? [traders[first]!, traders[(first + 1) % traders.length]!] : traders;
      catalogue.push({ sku: `SKU-${code}`, code, name, category: shelf.category, handling: shelf.handling, priceFen, weightG, shelfDays, popularity, suppliers });
    }
  }
  return catalogue;
}

/** The ~150 SKUs, in a fixed order. */
export const CATALOGUE: readonly DemoSku[] = buildCatalogue();
