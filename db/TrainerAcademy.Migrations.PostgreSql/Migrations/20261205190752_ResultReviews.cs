using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TrainerAcademy.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ResultReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ResultReviews",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AttemptId = table.Column<int>(type: "integer", nullable: false),
                    RegistrationId = table.Column<int>(type: "integer", nullable: false),
                    SessionId = table.Column<int>(type: "integer", nullable: false),
                    CenterId = table.Column<int>(type: "integer", nullable: false),
                    LearnerId = table.Column<string>(type: "text", nullable: false),
                    Component = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PreviousScore = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    PreviousPassed = table.Column<bool>(type: "boolean", nullable: false),
                    ResolvedScore = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    ResolvedPassed = table.Column<bool>(type: "boolean", nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedById = table.Column<string>(type: "text", nullable: true),
                    Resolution = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResultReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResultReviews_AspNetUsers_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ResultReviews_AspNetUsers_ResolvedById",
                        column: x => x.ResolvedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ResultReviews_Centers_CenterId",
                        column: x => x.CenterId,
                        principalTable: "Centers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ResultReviews_ExamAttempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "ExamAttempts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ResultReviews_ExamRegistrations_RegistrationId",
                        column: x => x.RegistrationId,
                        principalTable: "ExamRegistrations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ResultReviews_ExamSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ExamSessions",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_ResultReviews_AttemptId",
                table: "ResultReviews",
                column: "AttemptId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ResultReviews_CenterId_Status",
                table: "ResultReviews",
                columns: new[] { "CenterId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ResultReviews_LearnerId",
                table: "ResultReviews",
                column: "LearnerId");

            migrationBuilder.CreateIndex(
                name: "IX_ResultReviews_RegistrationId",
                table: "ResultReviews",
                column: "RegistrationId");

            migrationBuilder.CreateIndex(
                name: "IX_ResultReviews_ResolvedById",
                table: "ResultReviews",
                column: "ResolvedById");

            migrationBuilder.CreateIndex(
                name: "IX_ResultReviews_SessionId",
                table: "ResultReviews",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_ResultReviews_Status_RequestedAt",
                table: "ResultReviews",
                columns: new[] { "Status", "RequestedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ResultReviews");
        }
    }
}
