using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainerAcademy.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class SkillPapers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ExamAttempts_RegistrationId",
                table: "ExamAttempts");

            migrationBuilder.AddColumn<int>(
                name: "SkillBlueprintId",
                table: "ExamSessions",
                type: "int",
                nullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "BlueprintId",
                table: "ExamAttempts",
                type: "int",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "int");

            migrationBuilder.AddColumn<string>(
                name: "Component",
                table: "ExamAttempts",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Theory");

            migrationBuilder.AddColumn<int>(
                name: "SkillBlueprintId",
                table: "ExamAttempts",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AttemptTasks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    AttemptId = table.Column<int>(type: "int", nullable: false),
                    Position = table.Column<int>(type: "int", nullable: false),
                    PracticalTaskId = table.Column<int>(type: "int", nullable: false),
                    TaskRevision = table.Column<int>(type: "int", nullable: false),
                    Code = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Scoring = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Points = table.Column<decimal>(type: "decimal(5,2)", precision: 5, scale: 2, nullable: false),
                    Minutes = table.Column<int>(type: "int", nullable: false),
                    Instructions = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    ContentJson = table.Column<string>(type: "nvarchar(max)", maxLength: 100000, nullable: true),
                    RubricJson = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    Response = table.Column<string>(type: "nvarchar(max)", maxLength: 400000, nullable: true),
                    SavedRevision = table.Column<int>(type: "int", nullable: false),
                    SavedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Awarded = table.Column<decimal>(type: "decimal(5,2)", precision: 5, scale: 2, nullable: true),
                    BreakdownJson = table.Column<string>(type: "nvarchar(max)", maxLength: 20000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttemptTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttemptTasks_ExamAttempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "ExamAttempts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AttemptTasks_PracticalTasks_PracticalTaskId",
                        column: x => x.PracticalTaskId,
                        principalTable: "PracticalTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SkillBlueprints",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Level = table.Column<int>(type: "int", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    DurationMinutes = table.Column<int>(type: "int", nullable: false),
                    PassMark = table.Column<decimal>(type: "decimal(5,2)", precision: 5, scale: 2, nullable: false),
                    Active = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SkillBlueprints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SkillBlueprints_SkillLevels_Level",
                        column: x => x.Level,
                        principalTable: "SkillLevels",
                        principalColumn: "Level",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SkillBlueprintLines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Category = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false),
                    Points = table.Column<decimal>(type: "decimal(5,2)", precision: 5, scale: 2, nullable: false),
                    SkillBlueprintId = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SkillBlueprintLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SkillBlueprintLines_SkillBlueprints_SkillBlueprintId",
                        column: x => x.SkillBlueprintId,
                        principalTable: "SkillBlueprints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_SkillBlueprintId",
                table: "ExamSessions",
                column: "SkillBlueprintId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamAttempts_RegistrationId_Component",
                table: "ExamAttempts",
                columns: new[] { "RegistrationId", "Component" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExamAttempts_SkillBlueprintId",
                table: "ExamAttempts",
                column: "SkillBlueprintId");

            migrationBuilder.AddCheckConstraint(
                name: "CK_ExamAttempts_Blueprint",
                table: "ExamAttempts",
                sql: "(\"Component\" = 'Theory' AND \"BlueprintId\" IS NOT NULL AND \"SkillBlueprintId\" IS NULL) OR (\"Component\" = 'Skill' AND \"SkillBlueprintId\" IS NOT NULL AND \"BlueprintId\" IS NULL)");

            migrationBuilder.CreateIndex(
                name: "IX_AttemptTasks_AttemptId_Position",
                table: "AttemptTasks",
                columns: new[] { "AttemptId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AttemptTasks_PracticalTaskId",
                table: "AttemptTasks",
                column: "PracticalTaskId");

            migrationBuilder.CreateIndex(
                name: "IX_SkillBlueprintLines_SkillBlueprintId",
                table: "SkillBlueprintLines",
                column: "SkillBlueprintId");

            migrationBuilder.CreateIndex(
                name: "IX_SkillBlueprints_Level_Name",
                table: "SkillBlueprints",
                columns: new[] { "Level", "Name" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_ExamAttempts_SkillBlueprints_SkillBlueprintId",
                table: "ExamAttempts",
                column: "SkillBlueprintId",
                principalTable: "SkillBlueprints",
                principalColumn: "Id");

            migrationBuilder.AddForeignKey(
                name: "FK_ExamSessions_SkillBlueprints_SkillBlueprintId",
                table: "ExamSessions",
                column: "SkillBlueprintId",
                principalTable: "SkillBlueprints",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ExamAttempts_SkillBlueprints_SkillBlueprintId",
                table: "ExamAttempts");

            migrationBuilder.DropForeignKey(
                name: "FK_ExamSessions_SkillBlueprints_SkillBlueprintId",
                table: "ExamSessions");

            migrationBuilder.DropTable(
                name: "AttemptTasks");

            migrationBuilder.DropTable(
                name: "SkillBlueprintLines");

            migrationBuilder.DropTable(
                name: "SkillBlueprints");

            migrationBuilder.DropIndex(
                name: "IX_ExamSessions_SkillBlueprintId",
                table: "ExamSessions");

            migrationBuilder.DropIndex(
                name: "IX_ExamAttempts_RegistrationId_Component",
                table: "ExamAttempts");

            migrationBuilder.DropIndex(
                name: "IX_ExamAttempts_SkillBlueprintId",
                table: "ExamAttempts");

            migrationBuilder.DropCheckConstraint(
                name: "CK_ExamAttempts_Blueprint",
                table: "ExamAttempts");

            migrationBuilder.DropColumn(
                name: "SkillBlueprintId",
                table: "ExamSessions");

            migrationBuilder.DropColumn(
                name: "Component",
                table: "ExamAttempts");

            migrationBuilder.DropColumn(
                name: "SkillBlueprintId",
                table: "ExamAttempts");

            migrationBuilder.AlterColumn<int>(
                name: "BlueprintId",
                table: "ExamAttempts",
                type: "int",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "int",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExamAttempts_RegistrationId",
                table: "ExamAttempts",
                column: "RegistrationId",
                unique: true);
        }
    }
}
