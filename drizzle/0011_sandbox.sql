CREATE TABLE "sandbox_stock" (
	"distributor_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"stock" integer NOT NULL,
	CONSTRAINT "sandbox_stock_distributor_id_product_id_pk" PRIMARY KEY("distributor_id","product_id"),
	CONSTRAINT "sandbox_stock_nonnegative" CHECK ("sandbox_stock"."stock" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sandbox_wallets" (
	"distributor_id" integer PRIMARY KEY NOT NULL,
	"balance" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_wallets_nonnegative" CHECK ("sandbox_wallets"."balance" >= 0)
);
--> statement-breakpoint
ALTER TABLE "distributors" ADD COLUMN "sandbox" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "sandbox" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox_stock" ADD CONSTRAINT "sandbox_stock_distributor_id_distributors_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."distributors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_stock" ADD CONSTRAINT "sandbox_stock_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_wallets" ADD CONSTRAINT "sandbox_wallets_distributor_id_distributors_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."distributors"("id") ON DELETE cascade ON UPDATE no action;