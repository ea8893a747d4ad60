using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TrainerAcademy.Migrations.PostgreSql.Migrations
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
                type: "integer",
                nullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "BlueprintId",
                table: "ExamAttempts",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AddColumn<string>(
                name: "Component",
                table: "ExamAttempts",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Theory");

            migrationBuilder.AddColumn<int>(
                name: "SkillBlueprintId",
                table: "ExamAttempts",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AttemptTasks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AttemptId = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    PracticalTaskId = table.Column<int>(type: "integer", nullable: false),
                    TaskRevision = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Scoring = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Points = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    Minutes = table.Column<int>(type: "integer", nullable: false),
                    Instructions = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ContentJson = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: true),
                    RubricJson = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Response = table.Column<string>(type: "character varying(400000)", maxLength: 400000, nullable: true),
                    SavedRevision = table.Column<int>(type: "integer", nullable: false),
                    SavedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Awarded = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    BreakdownJson = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    PassMark = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Points = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    SkillBlueprintId = table.Column<int>(type: "integer", nullable: false)
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
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExamAttempts_RegistrationId",
                table: "ExamAttempts",
                column: "RegistrationId",
                unique: true);
        }
    }
}
