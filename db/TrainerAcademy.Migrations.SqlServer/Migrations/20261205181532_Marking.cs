using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainerAcademy.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Marking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ExternalExaminersOnly",
                table: "ExamSessions",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ExaminerGrants",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    CenterId = table.Column<int>(type: "int", nullable: false),
                    Scope = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    GrantedById = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    GrantedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExaminerGrants", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_ExaminerGrants_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExaminerGrants_Centers_CenterId",
                        column: x => x.CenterId,
                        principalTable: "Centers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ScriptMarks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    AttemptTaskId = table.Column<int>(type: "int", nullable: false),
                    AttemptId = table.Column<int>(type: "int", nullable: false),
                    SessionId = table.Column<int>(type: "int", nullable: false),
                    CenterId = table.Column<int>(type: "int", nullable: false),
                    Round = table.Column<int>(type: "int", nullable: false),
                    ExaminerId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    ClaimedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Total = table.Column<decimal>(type: "decimal(5,2)", precision: 5, scale: 2, nullable: true),
                    LinesJson = table.Column<string>(type: "nvarchar(max)", maxLength: 20000, nullable: true),
                    Comment = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScriptMarks", x => x.Id);
                    table.CheckConstraint("CK_ScriptMarks_Round", "\"Round\" BETWEEN 1 AND 3");
                    table.ForeignKey(
                        name: "FK_ScriptMarks_AspNetUsers_ExaminerId",
                        column: x => x.ExaminerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ScriptMarks_AttemptTasks_AttemptTaskId",
                        column: x => x.AttemptTaskId,
                        principalTable: "AttemptTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ScriptMarks_ExamAttempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "ExamAttempts",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExaminerGrants_CenterId",
                table: "ExaminerGrants",
                column: "CenterId");

            migrationBuilder.CreateIndex(
                name: "IX_ScriptMarks_AttemptId",
                table: "ScriptMarks",
                column: "AttemptId");

            migrationBuilder.CreateIndex(
                name: "IX_ScriptMarks_AttemptTaskId_ExaminerId",
                table: "ScriptMarks",
                columns: new[] { "AttemptTaskId", "ExaminerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScriptMarks_AttemptTaskId_Round",
                table: "ScriptMarks",
                columns: new[] { "AttemptTaskId", "Round" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScriptMarks_ExaminerId_SubmittedAt",
                table: "ScriptMarks",
                columns: new[] { "ExaminerId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ScriptMarks_SessionId",
                table: "ScriptMarks",
                column: "SessionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExaminerGrants");

            migrationBuilder.DropTable(
                name: "ScriptMarks");

            migrationBuilder.DropColumn(
                name: "ExternalExaminersOnly",
                table: "ExamSessions");
        }
    }
}
