using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainerAcademy.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ProfileCertificateHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "CertificateObtainedOn",
                table: "LearnerProfiles",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "YearsSinceCertificate",
                table: "LearnerProfiles",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CertificateObtainedOn",
                table: "LearnerProfiles");

            migrationBuilder.DropColumn(
                name: "YearsSinceCertificate",
                table: "LearnerProfiles");
        }
    }
}
