export { createCart, getCart, updateCartItem } from "./carts";
export { CSV_COLUMNS, MAX_IMPORT_ROWS, parseProductsCsv } from "./csv-products";
export { type ImportOptions, importProductsCsv } from "./import";
export {
  assertProductId,
  createProduct,
  deleteProduct,
  getProduct,
  listProducts,
  updateProduct,
} from "./products";
export * from "./schema";
