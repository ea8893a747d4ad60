using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainerAcademy.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Subsidies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "UnemploymentInsuranceMonths",
                table: "LearnerProfiles",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SubsidyBatches",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CreatedById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false),
                    Total = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    PaidAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    PaidById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    PaymentReference = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Revision = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SubsidyPolicies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PolicyCode = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    EnglishName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    Precedence = table.Column<int>(type: "int", nullable: false),
                    TermsJson = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    Note = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    CreatedById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyPolicies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SubsidyReminders",
                columns: table => new
                {
                    CertificateId = table.Column<int>(type: "int", nullable: false),
                    DaysBefore = table.Column<int>(type: "int", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyReminders", x => new { x.CertificateId, x.DaysBefore });
                    table.ForeignKey(
                        name: "FK_SubsidyReminders_Certificates_CertificateId",
                        column: x => x.CertificateId,
                        principalTable: "Certificates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SubsidyApplications",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CertificateId = table.Column<int>(type: "int", nullable: false),
                    LearnerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    PolicyVersionId = table.Column<int>(type: "int", nullable: false),
                    PolicyCode = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Occupation = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Level = table.Column<int>(type: "int", nullable: false),
                    Amount = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    SubmittedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    BatchId = table.Column<int>(type: "int", nullable: true),
                    Revision = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyApplications", x => x.Id);
                    table.CheckConstraint("CK_SubsidyApplications_Amount", "CAST(\"Amount\" AS DECIMAL(18, 2)) > 0");
                    table.ForeignKey(
                        name: "FK_SubsidyApplications_AspNetUsers_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SubsidyApplications_Certificates_CertificateId",
                        column: x => x.CertificateId,
                        principalTable: "Certificates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SubsidyApplications_SubsidyBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "SubsidyBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SubsidyApplications_SubsidyPolicies_PolicyVersionId",
                        column: x => x.PolicyVersionId,
                        principalTable: "SubsidyPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SubsidyDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ApplicationId = table.Column<int>(type: "int", nullable: false),
                    Action = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    FromStatus = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    ToStatus = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    FileId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubsidyDecisions_SubsidyApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "SubsidyApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_BatchId",
                table: "SubsidyApplications",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_CertificateId",
                table: "SubsidyApplications",
                column: "CertificateId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_LearnerId",
                table: "SubsidyApplications",
                column: "LearnerId");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_PolicyVersionId",
                table: "SubsidyApplications",
                column: "PolicyVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyApplications_Status_SubmittedAt",
                table: "SubsidyApplications",
                columns: new[] { "Status", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyDecisions_ApplicationId_At",
                table: "SubsidyDecisions",
                columns: new[] { "ApplicationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyDecisions_At",
                table: "SubsidyDecisions",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyPolicies_PolicyCode_EffectiveFrom",
                table: "SubsidyPolicies",
                columns: new[] { "PolicyCode", "EffectiveFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyPolicies_PolicyCode_Version",
                table: "SubsidyPolicies",
                columns: new[] { "PolicyCode", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SubsidyDecisions");

            migrationBuilder.DropTable(
                name: "SubsidyReminders");

            migrationBuilder.DropTable(
                name: "SubsidyApplications");

            migrationBuilder.DropTable(
                name: "SubsidyBatches");

            migrationBuilder.DropTable(
                name: "SubsidyPolicies");

            migrationBuilder.DropColumn(
                name: "UnemploymentInsuranceMonths",
                table: "LearnerProfiles");
        }
    }
}
