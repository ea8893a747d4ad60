using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainerAcademy.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReportsAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payments_CenterId",
                table: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_Enrollments_CenterId",
                table: "Enrollments");

            migrationBuilder.DropIndex(
                name: "IX_Certificates_LearnerId",
                table: "Certificates");

            migrationBuilder.AddColumn<int>(
                name: "Minutes",
                table: "CohortSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Sessions stored before the length was: their length from their times of day.
            migrationBuilder.Sql("UPDATE \"CohortSessions\" SET \"Minutes\" = (CAST(substr(\"End\", 1, 2) AS INTEGER) * 60 + CAST(substr(\"End\", 4, 2) AS INTEGER)) - (CAST(substr(\"Start\", 1, 2) AS INTEGER) * 60 + CAST(substr(\"Start\", 4, 2) AS INTEGER));");

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TargetType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TargetId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CenterId = table.Column<int>(type: "INTEGER", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ClientIp = table.Column<string>(type: "TEXT", maxLength: 45, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_CenterId_PaidAt",
                table: "Payments",
                columns: new[] { "CenterId", "PaidAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_PaidAt_Status",
                table: "Payments",
                columns: new[] { "PaidAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_ResultsReleasedAt",
                table: "ExamSessions",
                column: "ResultsReleasedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Enrollments_CenterId_ConfirmedAt",
                table: "Enrollments",
                columns: new[] { "CenterId", "ConfirmedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Enrollments_ConfirmedAt",
                table: "Enrollments",
                column: "ConfirmedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_LearnerId_Level_Status",
                table: "Certificates",
                columns: new[] { "LearnerId", "Level", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_At",
                table: "AuditEntries",
                columns: new[] { "Action", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ActorId_At",
                table: "AuditEntries",
                columns: new[] { "ActorId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_CenterId_At",
                table: "AuditEntries",
                columns: new[] { "CenterId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TargetType_TargetId_At",
                table: "AuditEntries",
                columns: new[] { "TargetType", "TargetId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_Payments_CenterId_PaidAt",
                table: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_Payments_PaidAt_Status",
                table: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_ExamSessions_ResultsReleasedAt",
                table: "ExamSessions");

            migrationBuilder.DropIndex(
                name: "IX_Enrollments_CenterId_ConfirmedAt",
                table: "Enrollments");

            migrationBuilder.DropIndex(
                name: "IX_Enrollments_ConfirmedAt",
                table: "Enrollments");

            migrationBuilder.DropIndex(
                name: "IX_Certificates_LearnerId_Level_Status",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "Minutes",
                table: "CohortSessions");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_CenterId",
                table: "Payments",
                column: "CenterId");

            migrationBuilder.CreateIndex(
                name: "IX_Enrollments_CenterId",
                table: "Enrollments",
                column: "CenterId");

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_LearnerId",
                table: "Certificates",
                column: "LearnerId");
        }
    }
}
