using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainerAcademy.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ComprehensiveReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "CK_ExamAttempts_Blueprint",
                table: "ExamAttempts");

            migrationBuilder.AddColumn<string>(
                name: "Component",
                table: "SkillBlueprints",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Skill");

            migrationBuilder.AddColumn<string>(
                name: "Component",
                table: "PracticalTasks",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Skill");

            migrationBuilder.AddColumn<int>(
                name: "ReviewBlueprintId",
                table: "ExamSessions",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_ReviewBlueprintId",
                table: "ExamSessions",
                column: "ReviewBlueprintId");

            migrationBuilder.AddCheckConstraint(
                name: "CK_ExamAttempts_Blueprint",
                table: "ExamAttempts",
                sql: "(\"Component\" = 'Theory' AND \"BlueprintId\" IS NOT NULL AND \"SkillBlueprintId\" IS NULL) OR (\"Component\" IN ('Skill', 'Review') AND \"SkillBlueprintId\" IS NOT NULL AND \"BlueprintId\" IS NULL)");

            migrationBuilder.AddForeignKey(
                name: "FK_ExamSessions_SkillBlueprints_ReviewBlueprintId",
                table: "ExamSessions",
                column: "ReviewBlueprintId",
                principalTable: "SkillBlueprints",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ExamSessions_SkillBlueprints_ReviewBlueprintId",
                table: "ExamSessions");

            migrationBuilder.DropIndex(
                name: "IX_ExamSessions_ReviewBlueprintId",
                table: "ExamSessions");

            migrationBuilder.DropCheckConstraint(
                name: "CK_ExamAttempts_Blueprint",
                table: "ExamAttempts");

            migrationBuilder.DropColumn(
                name: "Component",
                table: "SkillBlueprints");

            migrationBuilder.DropColumn(
                name: "Component",
                table: "PracticalTasks");

            migrationBuilder.DropColumn(
                name: "ReviewBlueprintId",
                table: "ExamSessions");

            migrationBuilder.AddCheckConstraint(
                name: "CK_ExamAttempts_Blueprint",
                table: "ExamAttempts",
                sql: "(\"Component\" = 'Theory' AND \"BlueprintId\" IS NOT NULL AND \"SkillBlueprintId\" IS NULL) OR (\"Component\" = 'Skill' AND \"SkillBlueprintId\" IS NOT NULL AND \"BlueprintId\" IS NULL)");
        }
    }
}
