using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainerAcademy.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SessionReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RemindedAt",
                table: "CohortSessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_CohortSessions_Status_StartsAt",
                table: "CohortSessions",
                columns: new[] { "Status", "StartsAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CohortSessions_Status_StartsAt",
                table: "CohortSessions");

            migrationBuilder.DropColumn(
                name: "RemindedAt",
                table: "CohortSessions");
        }
    }
}
