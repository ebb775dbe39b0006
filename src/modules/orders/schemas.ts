import { Type } from "typebox";

const Ref = Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]);
const Instant = Type.Union([Type.String({ format: "date-time" }), Type.Null()]);

/** The order as the API returns it. */
export const OrderView = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  placedAt: Type.String({ format: "date-time" }),
  promisedAt: Instant,
  goodsFen: Type.Integer(),
  shippingFen: Type.Integer(),
  discountFen: Type.Integer(),
  paidFen: Type.Integer(),
  paymentMethod: Type.String(),
  pickupPoint: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), city: Type.String() }), Type.Null()]),
  leader: Ref,
  deliveryEvents: Type.Array(
    Type.Object({ at: Type.String(), kind: Type.String(), note: Type.Optional(Type.String()), itemLineNo: Type.Optional(Type.Integer()) }),
  ),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      lineNo: Type.Integer(),
      sku: Type.String(),
      name: Type.String(),
      category: Type.String(),
      flags: Type.Object({
        fresh: Type.Boolean(),
        madeToOrder: Type.Boolean(),
        digital: Type.Boolean(),
        periodical: Type.Boolean(),
        nearExpiryConfirmed: Type.Boolean(),
        defectiveConfirmed: Type.Boolean(),
      }),
      quantity: Type.Integer(),
      unitPriceFen: Type.Integer(),
      paidFen: Type.Integer(),
      weightG: Type.Union([Type.Integer(), Type.Null()]),
      claimedQuantity: Type.Integer(),
      claimableQuantity: Type.Integer(),
      supply: Type.Object({
        batch: Type.Union([
          Type.Object({ id: Type.String(), producedOn: Type.Union([Type.String(), Type.Null()]), bestBefore: Type.Union([Type.String(), Type.Null()]) }),
          Type.Null(),
        ]),
        supplier: Ref,
        warehouse: Ref,
        sortedAt: Instant,
        route: Ref,
        driver: Ref,
        deliveredAt: Instant,
        pickedUpAt: Instant,
      }),
    }),
  ),
});

export const OrderSummary = Type.Object({
  id: Type.String(),
  placedAt: Type.String({ format: "date-time" }),
  paidFen: Type.Integer(),
  pickupPointId: Type.Union([Type.String(), Type.Null()]),
});
