using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainerAcademy.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PracticalTaskPool : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PracticalTasks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Scoring = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Points = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Instructions = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ContentJson = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: true),
                    RubricJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticalTasks", x => x.Id);
                    table.CheckConstraint("CK_PracticalTasks_Level", "\"Level\" BETWEEN 1 AND 5");
                });

            migrationBuilder.CreateIndex(
                name: "IX_PracticalTasks_Code",
                table: "PracticalTasks",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PracticalTasks_Level_Category_Active",
                table: "PracticalTasks",
                columns: new[] { "Level", "Category", "Active" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PracticalTasks");
        }
    }
}
