using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainerAcademy.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Certificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "PhotoFileId",
                table: "LearnerProfiles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CertificateBatches",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CenterId = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedById = table.Column<string>(type: "TEXT", nullable: false),
                    PublicBase = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ArchiveFile = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ArchiveRequestedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ArchiveReadyAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificateBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CertificateBatches_ExamSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ExamSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Certificates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegistrationId = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CenterId = table.Column<int>(type: "INTEGER", nullable: false),
                    LearnerId = table.Column<string>(type: "TEXT", nullable: false),
                    Edition = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IdType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    IdNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Occupation = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    LevelName = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Organisation = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IssuedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PdfFile = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PdfSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PdfSeal = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PdfBytes = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RevokedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    SupersededById = table.Column<int>(type: "INTEGER", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Certificates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Certificates_AspNetUsers_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Certificates_ExamRegistrations_RegistrationId",
                        column: x => x.RegistrationId,
                        principalTable: "ExamRegistrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Certificates_ExamSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ExamSessions",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "CertificateSerials",
                columns: table => new
                {
                    CenterId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Last = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificateSerials", x => new { x.CenterId, x.Year, x.Level });
                    table.CheckConstraint("CK_CertificateSerials_Last", "\"Last\" >= 0 AND \"Last\" <= 999999");
                    table.ForeignKey(
                        name: "FK_CertificateSerials_Centers_CenterId",
                        column: x => x.CenterId,
                        principalTable: "Centers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CertificateSigningKeys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PublicKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificateSigningKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CertificateBatchItem",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BatchId = table.Column<int>(type: "INTEGER", nullable: false),
                    RegistrationId = table.Column<int>(type: "INTEGER", nullable: false),
                    CertificateId = table.Column<int>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificateBatchItem", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CertificateBatchItem_CertificateBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "CertificateBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LearnerProfiles_PhotoFileId",
                table: "LearnerProfiles",
                column: "PhotoFileId");

            migrationBuilder.CreateIndex(
                name: "IX_CertificateBatches_SessionId",
                table: "CertificateBatches",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_CertificateBatchItem_BatchId_RegistrationId",
                table: "CertificateBatchItem",
                columns: new[] { "BatchId", "RegistrationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_LearnerId",
                table: "Certificates",
                column: "LearnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_Number",
                table: "Certificates",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_RegistrationId_Edition",
                table: "Certificates",
                columns: new[] { "RegistrationId", "Edition" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_SessionId",
                table: "Certificates",
                column: "SessionId");

            migrationBuilder.AddForeignKey(
                name: "FK_LearnerProfiles_StoredFiles_PhotoFileId",
                table: "LearnerProfiles",
                column: "PhotoFileId",
                principalTable: "StoredFiles",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_LearnerProfiles_StoredFiles_PhotoFileId",
                table: "LearnerProfiles");

            migrationBuilder.DropTable(
                name: "CertificateBatchItem");

            migrationBuilder.DropTable(
                name: "Certificates");

            migrationBuilder.DropTable(
                name: "CertificateSerials");

            migrationBuilder.DropTable(
                name: "CertificateSigningKeys");

            migrationBuilder.DropTable(
                name: "CertificateBatches");

            migrationBuilder.DropIndex(
                name: "IX_LearnerProfiles_PhotoFileId",
                table: "LearnerProfiles");

            migrationBuilder.DropColumn(
                name: "PhotoFileId",
                table: "LearnerProfiles");
        }
    }
}
