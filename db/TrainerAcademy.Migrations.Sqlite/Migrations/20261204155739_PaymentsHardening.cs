using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainerAcademy.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PaymentsHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AwaitingPaymentIntentId",
                table: "ProcessedStripeEvents",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Payload",
                table: "ProcessedStripeEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OwedRefunds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PaymentId = table.Column<int>(type: "INTEGER", nullable: false),
                    EnrollmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    CenterId = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    RefundedTotal = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StripeRefundId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OwedRefunds", x => x.Id);
                    table.CheckConstraint("CK_OwedRefunds_Amount", "CAST(\"Amount\" AS DECIMAL(18, 2)) > 0");
                    table.ForeignKey(
                        name: "FK_OwedRefunds_Centers_CenterId",
                        column: x => x.CenterId,
                        principalTable: "Centers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_OwedRefunds_Payments_PaymentId",
                        column: x => x.PaymentId,
                        principalTable: "Payments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PaymentDisputes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StripeDisputeId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    PaymentId = table.Column<int>(type: "INTEGER", nullable: false),
                    EnrollmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    CenterId = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentDisputes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PaymentDisputes_Centers_CenterId",
                        column: x => x.CenterId,
                        principalTable: "Centers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PaymentDisputes_Payments_PaymentId",
                        column: x => x.PaymentId,
                        principalTable: "Payments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedStripeEvents_AwaitingPaymentIntentId",
                table: "ProcessedStripeEvents",
                column: "AwaitingPaymentIntentId");

            migrationBuilder.CreateIndex(
                name: "IX_OwedRefunds_CenterId",
                table: "OwedRefunds",
                column: "CenterId");

            migrationBuilder.CreateIndex(
                name: "IX_OwedRefunds_PaymentId_Reason",
                table: "OwedRefunds",
                columns: new[] { "PaymentId", "Reason" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OwedRefunds_Status_CreatedAt",
                table: "OwedRefunds",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentDisputes_CenterId",
                table: "PaymentDisputes",
                column: "CenterId");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentDisputes_PaymentId",
                table: "PaymentDisputes",
                column: "PaymentId");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentDisputes_StripeDisputeId",
                table: "PaymentDisputes",
                column: "StripeDisputeId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OwedRefunds");

            migrationBuilder.DropTable(
                name: "PaymentDisputes");

            migrationBuilder.DropIndex(
                name: "IX_ProcessedStripeEvents_AwaitingPaymentIntentId",
                table: "ProcessedStripeEvents");

            migrationBuilder.DropColumn(
                name: "AwaitingPaymentIntentId",
                table: "ProcessedStripeEvents");

            migrationBuilder.DropColumn(
                name: "Payload",
                table: "ProcessedStripeEvents");
        }
    }
}
