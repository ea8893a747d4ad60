using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainerAcademy.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TheoryExam : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ExamBlueprints",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    PassMark = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExamBlueprints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExamBlueprints_SkillLevels_Level",
                        column: x => x.Level,
                        principalTable: "SkillLevels",
                        principalColumn: "Level",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Questions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    WorkFunctionCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Retired = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Questions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Questions_WorkFunctions_WorkFunctionCode",
                        column: x => x.WorkFunctionCode,
                        principalTable: "WorkFunctions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BlueprintLines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkFunctionCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Points = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    BlueprintId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlueprintLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BlueprintLines_ExamBlueprints_BlueprintId",
                        column: x => x.BlueprintId,
                        principalTable: "ExamBlueprints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExamSessions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CenterId = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    BlueprintId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    VenueId = table.Column<int>(type: "INTEGER", nullable: true),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    Registered = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowStart = table.Column<long>(type: "INTEGER", nullable: false),
                    WindowEnd = table.Column<long>(type: "INTEGER", nullable: false),
                    RegistrationDeadline = table.Column<long>(type: "INTEGER", nullable: false),
                    ShowReview = table.Column<bool>(type: "INTEGER", nullable: false),
                    ResultsReleasedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExamSessions", x => x.Id);
                    table.CheckConstraint("CK_ExamSessions_Registered", "\"Registered\" >= 0 AND \"Registered\" <= \"Capacity\"");
                    table.ForeignKey(
                        name: "FK_ExamSessions_Centers_CenterId",
                        column: x => x.CenterId,
                        principalTable: "Centers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExamSessions_ExamBlueprints_BlueprintId",
                        column: x => x.BlueprintId,
                        principalTable: "ExamBlueprints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExamSessions_SkillLevels_Level",
                        column: x => x.Level,
                        principalTable: "SkillLevels",
                        principalColumn: "Level",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExamSessions_Venues_VenueId",
                        column: x => x.VenueId,
                        principalTable: "Venues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QuestionVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    QuestionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Difficulty = table.Column<int>(type: "INTEGER", nullable: false),
                    Stem = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OptionsJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuestionVersions", x => x.Id);
                    table.CheckConstraint("CK_QuestionVersions_Difficulty", "\"Difficulty\" BETWEEN 1 AND 3");
                    table.ForeignKey(
                        name: "FK_QuestionVersions_Questions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "Questions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExamRegistrations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CenterId = table.Column<int>(type: "INTEGER", nullable: false),
                    LearnerId = table.Column<string>(type: "TEXT", nullable: false),
                    TicketNumber = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PriorCertificateLevel = table.Column<int>(type: "INTEGER", nullable: true),
                    PriorCertificateNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    RelatedMajor = table.Column<bool>(type: "INTEGER", nullable: false),
                    ApprenticeshipCompleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConditionsVersion = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AccommodationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExamRegistrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExamRegistrations_AspNetUsers_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExamRegistrations_Centers_CenterId",
                        column: x => x.CenterId,
                        principalTable: "Centers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ExamRegistrations_ExamSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ExamSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ExamAttempts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegistrationId = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CenterId = table.Column<int>(type: "INTEGER", nullable: false),
                    LearnerId = table.Column<string>(type: "TEXT", nullable: false),
                    BlueprintId = table.Column<int>(type: "INTEGER", nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AutoSubmitted = table.Column<bool>(type: "INTEGER", nullable: false),
                    PassMark = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    Score = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    Passed = table.Column<bool>(type: "INTEGER", nullable: true),
                    GradedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExamAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExamAttempts_AspNetUsers_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ExamAttempts_Centers_CenterId",
                        column: x => x.CenterId,
                        principalTable: "Centers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ExamAttempts_ExamBlueprints_BlueprintId",
                        column: x => x.BlueprintId,
                        principalTable: "ExamBlueprints",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ExamAttempts_ExamRegistrations_RegistrationId",
                        column: x => x.RegistrationId,
                        principalTable: "ExamRegistrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExamAttempts_ExamSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ExamSessions",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "AttemptEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AttemptId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttemptEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttemptEvents_ExamAttempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "ExamAttempts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AttemptItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AttemptId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    QuestionVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    WorkFunctionCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OptionOrder = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Points = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    Response = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    SavedRevision = table.Column<int>(type: "INTEGER", nullable: false),
                    SavedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Correct = table.Column<bool>(type: "INTEGER", nullable: true),
                    Awarded = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttemptItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttemptItems_ExamAttempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "ExamAttempts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AttemptItems_QuestionVersions_QuestionVersionId",
                        column: x => x.QuestionVersionId,
                        principalTable: "QuestionVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AttemptEvents_AttemptId_At",
                table: "AttemptEvents",
                columns: new[] { "AttemptId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AttemptItems_AttemptId_Position",
                table: "AttemptItems",
                columns: new[] { "AttemptId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AttemptItems_QuestionVersionId",
                table: "AttemptItems",
                column: "QuestionVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_BlueprintLines_BlueprintId",
                table: "BlueprintLines",
                column: "BlueprintId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamAttempts_BlueprintId",
                table: "ExamAttempts",
                column: "BlueprintId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamAttempts_CenterId",
                table: "ExamAttempts",
                column: "CenterId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamAttempts_LearnerId",
                table: "ExamAttempts",
                column: "LearnerId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamAttempts_RegistrationId",
                table: "ExamAttempts",
                column: "RegistrationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExamAttempts_SessionId_Status",
                table: "ExamAttempts",
                columns: new[] { "SessionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ExamAttempts_Status_Deadline",
                table: "ExamAttempts",
                columns: new[] { "Status", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_ExamBlueprints_Level_Active",
                table: "ExamBlueprints",
                columns: new[] { "Level", "Active" });

            migrationBuilder.CreateIndex(
                name: "IX_ExamRegistrations_CenterId",
                table: "ExamRegistrations",
                column: "CenterId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamRegistrations_LearnerId",
                table: "ExamRegistrations",
                column: "LearnerId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamRegistrations_TicketNumber",
                table: "ExamRegistrations",
                column: "TicketNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_ExamRegistrations_Live",
                table: "ExamRegistrations",
                columns: new[] { "SessionId", "LearnerId" },
                unique: true,
                filter: "\"Status\" = 'Registered'");

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_BlueprintId",
                table: "ExamSessions",
                column: "BlueprintId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_CenterId_WindowStart",
                table: "ExamSessions",
                columns: new[] { "CenterId", "WindowStart" });

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_Level_WindowStart",
                table: "ExamSessions",
                columns: new[] { "Level", "WindowStart" });

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_VenueId",
                table: "ExamSessions",
                column: "VenueId");

            migrationBuilder.CreateIndex(
                name: "IX_Questions_Code",
                table: "Questions",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Questions_Level_WorkFunctionCode_Retired",
                table: "Questions",
                columns: new[] { "Level", "WorkFunctionCode", "Retired" });

            migrationBuilder.CreateIndex(
                name: "IX_Questions_WorkFunctionCode",
                table: "Questions",
                column: "WorkFunctionCode");

            migrationBuilder.CreateIndex(
                name: "IX_QuestionVersions_QuestionId_Number",
                table: "QuestionVersions",
                columns: new[] { "QuestionId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttemptEvents");

            migrationBuilder.DropTable(
                name: "AttemptItems");

            migrationBuilder.DropTable(
                name: "BlueprintLines");

            migrationBuilder.DropTable(
                name: "ExamAttempts");

            migrationBuilder.DropTable(
                name: "QuestionVersions");

            migrationBuilder.DropTable(
                name: "ExamRegistrations");

            migrationBuilder.DropTable(
                name: "Questions");

            migrationBuilder.DropTable(
                name: "ExamSessions");

            migrationBuilder.DropTable(
                name: "ExamBlueprints");
        }
    }
}
