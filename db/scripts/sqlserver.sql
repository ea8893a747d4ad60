IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] nvarchar(450) NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [Centers] (
        [Id] int NOT NULL IDENTITY,
        [Name] nvarchar(100) NOT NULL,
        [OrganisationCode] nchar(4) NOT NULL,
        [ProvinceCode] nchar(2) NOT NULL,
        [City] nvarchar(50) NOT NULL,
        [Address] nvarchar(200) NULL,
        CONSTRAINT [PK_Centers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [Occupations] (
        [Code] nvarchar(20) NOT NULL,
        [Name] nvarchar(60) NOT NULL,
        [EnglishName] nvarchar(100) NOT NULL,
        [StandardEdition] nvarchar(20) NOT NULL,
        CONSTRAINT [PK_Occupations] PRIMARY KEY ([Code])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [Outbox] (
        [Id] bigint NOT NULL IDENTITY,
        [To] nvarchar(256) NOT NULL,
        [Subject] nvarchar(300) NOT NULL,
        [HtmlBody] nvarchar(max) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [SentAt] datetimeoffset NULL,
        [Attempts] int NOT NULL,
        [LastError] nvarchar(1000) NULL,
        CONSTRAINT [PK_Outbox] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [ReferenceDataSets] (
        [Name] nvarchar(60) NOT NULL,
        [Version] nvarchar(40) NOT NULL,
        [Source] nvarchar(400) NOT NULL,
        [AppliedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ReferenceDataSets] PRIMARY KEY ([Name])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [SkillLevels] (
        [Level] int NOT NULL,
        [Name] nvarchar(40) NOT NULL,
        [EnglishName] nvarchar(60) NOT NULL,
        [ReferenceHours] int NOT NULL,
        CONSTRAINT [PK_SkillLevels] PRIMARY KEY ([Level])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] nvarchar(450) NOT NULL,
        [CenterId] int NULL,
        [DisplayName] nvarchar(100) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(max) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUsers_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [Instructors] (
        [Id] int NOT NULL IDENTITY,
        [CenterId] int NOT NULL,
        [Name] nvarchar(50) NOT NULL,
        [CertificateLevel] int NOT NULL,
        [Email] nvarchar(256) NULL,
        [Active] bit NOT NULL,
        CONSTRAINT [PK_Instructors] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Instructors_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [Venues] (
        [Id] int NOT NULL IDENTITY,
        [CenterId] int NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [Capacity] int NOT NULL,
        [Address] nvarchar(200) NULL,
        CONSTRAINT [PK_Venues] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_Venues_Capacity] CHECK ("Capacity" > 0),
        CONSTRAINT [FK_Venues_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [WorkFunctions] (
        [Code] nvarchar(40) NOT NULL,
        [OccupationCode] nvarchar(20) NOT NULL,
        [Name] nvarchar(60) NOT NULL,
        [EnglishName] nvarchar(100) NOT NULL,
        [LowestLevel] int NOT NULL,
        [HighestLevel] int NOT NULL,
        CONSTRAINT [PK_WorkFunctions] PRIMARY KEY ([Code]),
        CONSTRAINT [FK_WorkFunctions_Occupations_OccupationCode] FOREIGN KEY ([OccupationCode]) REFERENCES [Occupations] ([Code]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [Courses] (
        [Id] int NOT NULL IDENTITY,
        [CenterId] int NOT NULL,
        [OccupationCode] nvarchar(20) NOT NULL,
        [Level] int NOT NULL,
        [Title] nvarchar(120) NOT NULL,
        [TheoryHours] int NOT NULL,
        [PracticeHours] int NOT NULL,
        [Fee] decimal(18,2) NOT NULL,
        [Description] nvarchar(4000) NULL,
        CONSTRAINT [PK_Courses] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_Courses_Fee] CHECK ("Fee" >= 0),
        CONSTRAINT [CK_Courses_Hours] CHECK ("TheoryHours" > 0 AND "PracticeHours" > 0),
        CONSTRAINT [FK_Courses_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Courses_Occupations_OccupationCode] FOREIGN KEY ([OccupationCode]) REFERENCES [Occupations] ([Code]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Courses_SkillLevels_Level] FOREIGN KEY ([Level]) REFERENCES [SkillLevels] ([Level]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(450) NOT NULL,
        [ProviderKey] nvarchar(450) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] nvarchar(450) NOT NULL,
        [RoleId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] nvarchar(450) NOT NULL,
        [LoginProvider] nvarchar(450) NOT NULL,
        [Name] nvarchar(450) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [LearnerProfiles] (
        [UserId] nvarchar(450) NOT NULL,
        [RealName] nvarchar(50) NULL,
        [IdType] nvarchar(40) NOT NULL,
        [IdNumber] nvarchar(20) NULL,
        [Phone] nvarchar(20) NULL,
        [Employment] nvarchar(40) NULL,
        [SocialInsuranceCity] nvarchar(50) NULL,
        [HukouCity] nvarchar(50) NULL,
        [YearsInOccupation] int NULL,
        [Education] nvarchar(40) NULL,
        [UpdatedAt] datetimeoffset NULL,
        CONSTRAINT [PK_LearnerProfiles] PRIMARY KEY ([UserId]),
        CONSTRAINT [FK_LearnerProfiles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE TABLE [Cohorts] (
        [Id] int NOT NULL IDENTITY,
        [CourseId] int NOT NULL,
        [CenterId] int NOT NULL,
        [VenueId] int NULL,
        [StartsOn] date NOT NULL,
        [EndsOn] date NOT NULL,
        [Pattern] nvarchar(20) NOT NULL,
        [Capacity] int NOT NULL,
        [SeatsTaken] int NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [Revision] int NOT NULL,
        [Slots] nvarchar(200) NOT NULL,
        CONSTRAINT [PK_Cohorts] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_Cohorts_Capacity] CHECK ("Capacity" > 0),
        CONSTRAINT [CK_Cohorts_Seats] CHECK ("SeatsTaken" >= 0 AND "SeatsTaken" <= "Capacity"),
        CONSTRAINT [FK_Cohorts_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Cohorts_Courses_CourseId] FOREIGN KEY ([CourseId]) REFERENCES [Courses] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Cohorts_Venues_VenueId] FOREIGN KEY ([VenueId]) REFERENCES [Venues] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_AspNetUsers_CenterId] ON [AspNetUsers] ([CenterId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Centers_OrganisationCode] ON [Centers] ([OrganisationCode]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_Cohorts_CenterId_StartsOn] ON [Cohorts] ([CenterId], [StartsOn]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_Cohorts_CourseId] ON [Cohorts] ([CourseId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_Cohorts_Status_StartsOn] ON [Cohorts] ([Status], [StartsOn]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_Cohorts_VenueId] ON [Cohorts] ([VenueId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_Courses_CenterId_Level] ON [Courses] ([CenterId], [Level]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_Courses_Level] ON [Courses] ([Level]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_Courses_OccupationCode] ON [Courses] ([OccupationCode]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_Instructors_CenterId] ON [Instructors] ([CenterId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_Outbox_SentAt] ON [Outbox] ([SentAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Venues_CenterId_Name] ON [Venues] ([CenterId], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    CREATE INDEX [IX_WorkFunctions_OccupationCode] ON [WorkFunctions] ([OccupationCode]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127033529_Foundation'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261127033529_Foundation', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    ALTER TABLE [Courses] DROP CONSTRAINT [CK_Courses_Fee];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    ALTER TABLE [Centers] ADD [RefundFullDaysBeforeStart] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    ALTER TABLE [Centers] ADD [RefundLateShare] decimal(5,4) NOT NULL DEFAULT 0.0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    CREATE TABLE [Enrollments] (
        [Id] int NOT NULL IDENTITY,
        [CohortId] int NOT NULL,
        [CenterId] int NOT NULL,
        [LearnerId] nvarchar(450) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [Price] decimal(18,2) NOT NULL,
        [Funding] nvarchar(20) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [HoldExpiresAt] datetimeoffset NULL,
        [ConfirmedAt] datetimeoffset NULL,
        [ClosedAt] datetimeoffset NULL,
        [CloseReason] nvarchar(40) NULL,
        [Revision] int NOT NULL,
        CONSTRAINT [PK_Enrollments] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Enrollments_AspNetUsers_LearnerId] FOREIGN KEY ([LearnerId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Enrollments_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Enrollments_Cohorts_CohortId] FOREIGN KEY ([CohortId]) REFERENCES [Cohorts] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    CREATE TABLE [ProcessedStripeEvents] (
        [EventId] nvarchar(255) NOT NULL,
        [Type] nvarchar(100) NOT NULL,
        [ProcessedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ProcessedStripeEvents] PRIMARY KEY ([EventId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    CREATE TABLE [StatutoryCalendarDays] (
        [Id] int NOT NULL IDENTITY,
        [Date] date NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [Name] nvarchar(50) NOT NULL,
        [Provisional] bit NOT NULL,
        CONSTRAINT [PK_StatutoryCalendarDays] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    CREATE TABLE [Payments] (
        [Id] int NOT NULL IDENTITY,
        [EnrollmentId] int NOT NULL,
        [CenterId] int NOT NULL,
        [LearnerId] nvarchar(450) NOT NULL,
        [Method] nvarchar(20) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [Amount] decimal(18,2) NOT NULL,
        [Currency] nchar(3) NOT NULL,
        [RefundedAmount] decimal(18,2) NOT NULL,
        [StripeCheckoutSessionId] nvarchar(255) NULL,
        [StripePaymentIntentId] nvarchar(255) NULL,
        [Reference] nvarchar(100) NULL,
        [RecordedBy] nvarchar(450) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [PaidAt] datetimeoffset NULL,
        [Revision] int NOT NULL,
        CONSTRAINT [PK_Payments] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_Payments_Amount] CHECK (CAST("Amount" AS DECIMAL(18, 2)) >= 0),
        CONSTRAINT [CK_Payments_Refunded] CHECK (CAST("RefundedAmount" AS DECIMAL(18, 2)) >= 0 AND CAST("RefundedAmount" AS DECIMAL(18, 2)) <= CAST("Amount" AS DECIMAL(18, 2))),
        CONSTRAINT [FK_Payments_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Payments_Enrollments_EnrollmentId] FOREIGN KEY ([EnrollmentId]) REFERENCES [Enrollments] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    EXEC(N'ALTER TABLE [Courses] ADD CONSTRAINT [CK_Courses_Fee] CHECK (CAST("Fee" AS DECIMAL(18, 2)) >= 0)');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    CREATE INDEX [IX_Enrollments_CenterId] ON [Enrollments] ([CenterId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    CREATE INDEX [IX_Enrollments_CohortId_Status_CreatedAt] ON [Enrollments] ([CohortId], [Status], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    CREATE INDEX [IX_Enrollments_LearnerId] ON [Enrollments] ([LearnerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    CREATE INDEX [IX_Enrollments_Status_HoldExpiresAt] ON [Enrollments] ([Status], [HoldExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UX_Enrollments_LivePlace] ON [Enrollments] ([CohortId], [LearnerId]) WHERE "Status" IN (''PendingPayment'', ''Confirmed'', ''Waitlisted'')');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    CREATE INDEX [IX_Payments_CenterId] ON [Payments] ([CenterId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    CREATE INDEX [IX_Payments_EnrollmentId] ON [Payments] ([EnrollmentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_Payments_StripeCheckoutSessionId] ON [Payments] ([StripeCheckoutSessionId]) WHERE [StripeCheckoutSessionId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    CREATE INDEX [IX_Payments_StripePaymentIntentId] ON [Payments] ([StripePaymentIntentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    CREATE UNIQUE INDEX [IX_StatutoryCalendarDays_Date_Kind_Name] ON [StatutoryCalendarDays] ([Date], [Kind], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127044433_EnrollmentPaymentsCalendar'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261127044433_EnrollmentPaymentsCalendar', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127050141_CohortTimetables'
)
BEGIN
    CREATE TABLE [CohortSessions] (
        [Id] int NOT NULL IDENTITY,
        [CohortId] int NOT NULL,
        [CenterId] int NOT NULL,
        [Sequence] int NOT NULL,
        [Date] date NOT NULL,
        [Start] time NOT NULL,
        [End] time NOT NULL,
        [StartsAt] datetimeoffset NOT NULL,
        [EndsAt] datetimeoffset NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [VenueId] int NOT NULL,
        [InstructorId] int NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [Revision] int NOT NULL,
        CONSTRAINT [PK_CohortSessions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CohortSessions_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_CohortSessions_Cohorts_CohortId] FOREIGN KEY ([CohortId]) REFERENCES [Cohorts] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_CohortSessions_Instructors_InstructorId] FOREIGN KEY ([InstructorId]) REFERENCES [Instructors] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_CohortSessions_Venues_VenueId] FOREIGN KEY ([VenueId]) REFERENCES [Venues] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127050141_CohortTimetables'
)
BEGIN
    CREATE TABLE [TimetableConflicts] (
        [CohortId] int NOT NULL,
        [Text] nvarchar(max) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_TimetableConflicts] PRIMARY KEY ([CohortId]),
        CONSTRAINT [FK_TimetableConflicts_Cohorts_CohortId] FOREIGN KEY ([CohortId]) REFERENCES [Cohorts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127050141_CohortTimetables'
)
BEGIN
    CREATE INDEX [IX_CohortSessions_CenterId_Date] ON [CohortSessions] ([CenterId], [Date]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127050141_CohortTimetables'
)
BEGIN
    CREATE UNIQUE INDEX [IX_CohortSessions_CohortId_Sequence] ON [CohortSessions] ([CohortId], [Sequence]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127050141_CohortTimetables'
)
BEGIN
    CREATE INDEX [IX_CohortSessions_InstructorId_Date] ON [CohortSessions] ([InstructorId], [Date]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127050141_CohortTimetables'
)
BEGIN
    CREATE INDEX [IX_CohortSessions_VenueId_Date] ON [CohortSessions] ([VenueId], [Date]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127050141_CohortTimetables'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261127050141_CohortTimetables', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127053627_CalendarFeeds'
)
BEGIN
    CREATE TABLE [CalendarFeeds] (
        [Token] nvarchar(64) NOT NULL,
        [LearnerId] nvarchar(450) NULL,
        [CohortId] int NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [RevokedAt] datetimeoffset NULL,
        CONSTRAINT [PK_CalendarFeeds] PRIMARY KEY ([Token]),
        CONSTRAINT [FK_CalendarFeeds_AspNetUsers_LearnerId] FOREIGN KEY ([LearnerId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_CalendarFeeds_Cohorts_CohortId] FOREIGN KEY ([CohortId]) REFERENCES [Cohorts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127053627_CalendarFeeds'
)
BEGIN
    CREATE INDEX [IX_CalendarFeeds_CohortId] ON [CalendarFeeds] ([CohortId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127053627_CalendarFeeds'
)
BEGIN
    CREATE INDEX [IX_CalendarFeeds_LearnerId] ON [CalendarFeeds] ([LearnerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127053627_CalendarFeeds'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261127053627_CalendarFeeds', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127054930_SessionReminders'
)
BEGIN
    ALTER TABLE [CohortSessions] ADD [RemindedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127054930_SessionReminders'
)
BEGIN
    CREATE INDEX [IX_CohortSessions_Status_StartsAt] ON [CohortSessions] ([Status], [StartsAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127054930_SessionReminders'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261127054930_SessionReminders', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127060727_Attendance'
)
BEGIN
    CREATE TABLE [AttendanceRecords] (
        [Id] int NOT NULL IDENTITY,
        [SessionId] int NOT NULL,
        [CohortId] int NOT NULL,
        [CenterId] int NOT NULL,
        [EnrollmentId] int NOT NULL,
        [LearnerId] nvarchar(450) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [MinutesMissed] int NOT NULL,
        [Source] nvarchar(20) NOT NULL,
        [RecordedAt] datetimeoffset NOT NULL,
        [RecordedBy] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AttendanceRecords] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_AttendanceRecords_MinutesMissed] CHECK ("MinutesMissed" >= 0),
        CONSTRAINT [FK_AttendanceRecords_AspNetUsers_LearnerId] FOREIGN KEY ([LearnerId]) REFERENCES [AspNetUsers] ([Id]),
        CONSTRAINT [FK_AttendanceRecords_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]),
        CONSTRAINT [FK_AttendanceRecords_CohortSessions_SessionId] FOREIGN KEY ([SessionId]) REFERENCES [CohortSessions] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AttendanceRecords_Cohorts_CohortId] FOREIGN KEY ([CohortId]) REFERENCES [Cohorts] ([Id]),
        CONSTRAINT [FK_AttendanceRecords_Enrollments_EnrollmentId] FOREIGN KEY ([EnrollmentId]) REFERENCES [Enrollments] ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127060727_Attendance'
)
BEGIN
    CREATE TABLE [CenterClosures] (
        [Id] int NOT NULL IDENTITY,
        [CenterId] int NOT NULL,
        [Date] date NOT NULL,
        [Reason] nvarchar(50) NOT NULL,
        CONSTRAINT [PK_CenterClosures] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CenterClosures_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127060727_Attendance'
)
BEGIN
    CREATE INDEX [IX_AttendanceRecords_CenterId] ON [AttendanceRecords] ([CenterId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127060727_Attendance'
)
BEGIN
    CREATE INDEX [IX_AttendanceRecords_CohortId_LearnerId] ON [AttendanceRecords] ([CohortId], [LearnerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127060727_Attendance'
)
BEGIN
    CREATE INDEX [IX_AttendanceRecords_EnrollmentId] ON [AttendanceRecords] ([EnrollmentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127060727_Attendance'
)
BEGIN
    CREATE INDEX [IX_AttendanceRecords_LearnerId] ON [AttendanceRecords] ([LearnerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127060727_Attendance'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AttendanceRecords_SessionId_EnrollmentId] ON [AttendanceRecords] ([SessionId], [EnrollmentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127060727_Attendance'
)
BEGIN
    CREATE UNIQUE INDEX [IX_CenterClosures_CenterId_Date] ON [CenterClosures] ([CenterId], [Date]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127060727_Attendance'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261127060727_Attendance', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE TABLE [ExamBlueprints] (
        [Id] int NOT NULL IDENTITY,
        [Level] int NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [DurationMinutes] int NOT NULL,
        [PassMark] decimal(5,2) NOT NULL,
        [Active] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ExamBlueprints] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ExamBlueprints_SkillLevels_Level] FOREIGN KEY ([Level]) REFERENCES [SkillLevels] ([Level]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE TABLE [Questions] (
        [Id] int NOT NULL IDENTITY,
        [Code] nvarchar(40) NOT NULL,
        [Level] int NOT NULL,
        [WorkFunctionCode] nvarchar(40) NOT NULL,
        [Retired] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Questions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Questions_WorkFunctions_WorkFunctionCode] FOREIGN KEY ([WorkFunctionCode]) REFERENCES [WorkFunctions] ([Code]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE TABLE [BlueprintLines] (
        [Id] int NOT NULL IDENTITY,
        [WorkFunctionCode] nvarchar(40) NOT NULL,
        [Type] nvarchar(20) NOT NULL,
        [Count] int NOT NULL,
        [Points] decimal(5,2) NOT NULL,
        [BlueprintId] int NOT NULL,
        CONSTRAINT [PK_BlueprintLines] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_BlueprintLines_ExamBlueprints_BlueprintId] FOREIGN KEY ([BlueprintId]) REFERENCES [ExamBlueprints] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE TABLE [ExamSessions] (
        [Id] int NOT NULL IDENTITY,
        [CenterId] int NOT NULL,
        [Level] int NOT NULL,
        [BlueprintId] int NOT NULL,
        [Title] nvarchar(100) NOT NULL,
        [Mode] nvarchar(20) NOT NULL,
        [VenueId] int NULL,
        [Capacity] int NOT NULL,
        [Registered] int NOT NULL,
        [WindowStart] datetimeoffset NOT NULL,
        [WindowEnd] datetimeoffset NOT NULL,
        [RegistrationDeadline] datetimeoffset NOT NULL,
        [ShowReview] bit NOT NULL,
        [ResultsReleasedAt] datetimeoffset NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [Revision] int NOT NULL,
        CONSTRAINT [PK_ExamSessions] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_ExamSessions_Registered] CHECK ("Registered" >= 0 AND "Registered" <= "Capacity"),
        CONSTRAINT [FK_ExamSessions_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_ExamSessions_ExamBlueprints_BlueprintId] FOREIGN KEY ([BlueprintId]) REFERENCES [ExamBlueprints] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_ExamSessions_SkillLevels_Level] FOREIGN KEY ([Level]) REFERENCES [SkillLevels] ([Level]) ON DELETE NO ACTION,
        CONSTRAINT [FK_ExamSessions_Venues_VenueId] FOREIGN KEY ([VenueId]) REFERENCES [Venues] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE TABLE [QuestionVersions] (
        [Id] int NOT NULL IDENTITY,
        [QuestionId] int NOT NULL,
        [Number] int NOT NULL,
        [Type] nvarchar(20) NOT NULL,
        [Difficulty] int NOT NULL,
        [Stem] nvarchar(500) NOT NULL,
        [OptionsJson] nvarchar(4000) NOT NULL,
        [Answer] nvarchar(10) NOT NULL,
        [Explanation] nvarchar(1000) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_QuestionVersions] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_QuestionVersions_Difficulty] CHECK ("Difficulty" BETWEEN 1 AND 3),
        CONSTRAINT [FK_QuestionVersions_Questions_QuestionId] FOREIGN KEY ([QuestionId]) REFERENCES [Questions] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE TABLE [ExamRegistrations] (
        [Id] int NOT NULL IDENTITY,
        [SessionId] int NOT NULL,
        [CenterId] int NOT NULL,
        [LearnerId] nvarchar(450) NOT NULL,
        [TicketNumber] nvarchar(30) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [PriorCertificateLevel] int NULL,
        [PriorCertificateNumber] nvarchar(40) NULL,
        [RelatedMajor] bit NOT NULL,
        [ApprenticeshipCompleted] bit NOT NULL,
        [ConditionsVersion] nvarchar(20) NOT NULL,
        [AccommodationMinutes] int NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ExamRegistrations] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ExamRegistrations_AspNetUsers_LearnerId] FOREIGN KEY ([LearnerId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_ExamRegistrations_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]),
        CONSTRAINT [FK_ExamRegistrations_ExamSessions_SessionId] FOREIGN KEY ([SessionId]) REFERENCES [ExamSessions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE TABLE [ExamAttempts] (
        [Id] int NOT NULL IDENTITY,
        [RegistrationId] int NOT NULL,
        [SessionId] int NOT NULL,
        [CenterId] int NOT NULL,
        [LearnerId] nvarchar(450) NOT NULL,
        [BlueprintId] int NOT NULL,
        [Seed] int NOT NULL,
        [StartedAt] datetimeoffset NOT NULL,
        [DurationMinutes] int NOT NULL,
        [Deadline] datetimeoffset NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [SubmittedAt] datetimeoffset NULL,
        [AutoSubmitted] bit NOT NULL,
        [PassMark] decimal(5,2) NOT NULL,
        [Score] decimal(5,2) NULL,
        [Passed] bit NULL,
        [GradedAt] datetimeoffset NULL,
        [Revision] int NOT NULL,
        CONSTRAINT [PK_ExamAttempts] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ExamAttempts_AspNetUsers_LearnerId] FOREIGN KEY ([LearnerId]) REFERENCES [AspNetUsers] ([Id]),
        CONSTRAINT [FK_ExamAttempts_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]),
        CONSTRAINT [FK_ExamAttempts_ExamBlueprints_BlueprintId] FOREIGN KEY ([BlueprintId]) REFERENCES [ExamBlueprints] ([Id]),
        CONSTRAINT [FK_ExamAttempts_ExamRegistrations_RegistrationId] FOREIGN KEY ([RegistrationId]) REFERENCES [ExamRegistrations] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_ExamAttempts_ExamSessions_SessionId] FOREIGN KEY ([SessionId]) REFERENCES [ExamSessions] ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE TABLE [AttemptEvents] (
        [Id] bigint NOT NULL IDENTITY,
        [AttemptId] int NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [At] datetimeoffset NOT NULL,
        [Position] int NULL,
        [Revision] int NULL,
        [Detail] nvarchar(200) NULL,
        CONSTRAINT [PK_AttemptEvents] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AttemptEvents_ExamAttempts_AttemptId] FOREIGN KEY ([AttemptId]) REFERENCES [ExamAttempts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE TABLE [AttemptItems] (
        [Id] int NOT NULL IDENTITY,
        [AttemptId] int NOT NULL,
        [Position] int NOT NULL,
        [QuestionVersionId] int NOT NULL,
        [Type] nvarchar(20) NOT NULL,
        [WorkFunctionCode] nvarchar(40) NOT NULL,
        [OptionOrder] nvarchar(10) NOT NULL,
        [Points] decimal(5,2) NOT NULL,
        [Response] nvarchar(10) NULL,
        [SavedRevision] int NOT NULL,
        [SavedAt] datetimeoffset NULL,
        [Correct] bit NULL,
        [Awarded] decimal(5,2) NULL,
        CONSTRAINT [PK_AttemptItems] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AttemptItems_ExamAttempts_AttemptId] FOREIGN KEY ([AttemptId]) REFERENCES [ExamAttempts] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AttemptItems_QuestionVersions_QuestionVersionId] FOREIGN KEY ([QuestionVersionId]) REFERENCES [QuestionVersions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_AttemptEvents_AttemptId_At] ON [AttemptEvents] ([AttemptId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AttemptItems_AttemptId_Position] ON [AttemptItems] ([AttemptId], [Position]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_AttemptItems_QuestionVersionId] ON [AttemptItems] ([QuestionVersionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_BlueprintLines_BlueprintId] ON [BlueprintLines] ([BlueprintId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_ExamAttempts_BlueprintId] ON [ExamAttempts] ([BlueprintId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_ExamAttempts_CenterId] ON [ExamAttempts] ([CenterId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_ExamAttempts_LearnerId] ON [ExamAttempts] ([LearnerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ExamAttempts_RegistrationId] ON [ExamAttempts] ([RegistrationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_ExamAttempts_SessionId_Status] ON [ExamAttempts] ([SessionId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_ExamAttempts_Status_Deadline] ON [ExamAttempts] ([Status], [Deadline]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_ExamBlueprints_Level_Active] ON [ExamBlueprints] ([Level], [Active]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_ExamRegistrations_CenterId] ON [ExamRegistrations] ([CenterId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_ExamRegistrations_LearnerId] ON [ExamRegistrations] ([LearnerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ExamRegistrations_TicketNumber] ON [ExamRegistrations] ([TicketNumber]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UX_ExamRegistrations_Live] ON [ExamRegistrations] ([SessionId], [LearnerId]) WHERE "Status" = ''Registered''');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_ExamSessions_BlueprintId] ON [ExamSessions] ([BlueprintId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_ExamSessions_CenterId_WindowStart] ON [ExamSessions] ([CenterId], [WindowStart]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_ExamSessions_Level_WindowStart] ON [ExamSessions] ([Level], [WindowStart]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_ExamSessions_VenueId] ON [ExamSessions] ([VenueId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Questions_Code] ON [Questions] ([Code]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_Questions_Level_WorkFunctionCode_Retired] ON [Questions] ([Level], [WorkFunctionCode], [Retired]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE INDEX [IX_Questions_WorkFunctionCode] ON [Questions] ([WorkFunctionCode]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    CREATE UNIQUE INDEX [IX_QuestionVersions_QuestionId_Number] ON [QuestionVersions] ([QuestionId], [Number]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061116_TheoryExam'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261127061116_TheoryExam', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155353_ProfileCertificateHistory'
)
BEGIN
    ALTER TABLE [LearnerProfiles] ADD [CertificateObtainedOn] date NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155353_ProfileCertificateHistory'
)
BEGIN
    ALTER TABLE [LearnerProfiles] ADD [YearsSinceCertificate] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155353_ProfileCertificateHistory'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204155353_ProfileCertificateHistory', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155650_CalendarYears'
)
BEGIN
    CREATE TABLE [StatutoryCalendarYears] (
        [Year] int NOT NULL,
        [Source] nvarchar(20) NOT NULL,
        [PublishedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_StatutoryCalendarYears] PRIMARY KEY ([Year])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155650_CalendarYears'
)
BEGIN
    CREATE TABLE [TimetableCalendarGaps] (
        [CohortId] int NOT NULL,
        [Year] int NOT NULL,
        [RecordedAt] datetimeoffset NOT NULL,
        [NotifiedAt] datetimeoffset NULL,
        CONSTRAINT [PK_TimetableCalendarGaps] PRIMARY KEY ([CohortId], [Year]),
        CONSTRAINT [FK_TimetableCalendarGaps_Cohorts_CohortId] FOREIGN KEY ([CohortId]) REFERENCES [Cohorts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155650_CalendarYears'
)
BEGIN
    CREATE INDEX [IX_TimetableCalendarGaps_Year] ON [TimetableCalendarGaps] ([Year]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155650_CalendarYears'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204155650_CalendarYears', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155748_PaymentsHardening'
)
BEGIN
    ALTER TABLE [ProcessedStripeEvents] ADD [AwaitingPaymentIntentId] nvarchar(255) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155748_PaymentsHardening'
)
BEGIN
    ALTER TABLE [ProcessedStripeEvents] ADD [Payload] nvarchar(max) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155748_PaymentsHardening'
)
BEGIN
    CREATE TABLE [OwedRefunds] (
        [Id] int NOT NULL IDENTITY,
        [PaymentId] int NOT NULL,
        [EnrollmentId] int NOT NULL,
        [CenterId] int NOT NULL,
        [Amount] decimal(18,2) NOT NULL,
        [RefundedTotal] decimal(18,2) NOT NULL,
        [Reason] nvarchar(40) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [IssuedAt] datetimeoffset NULL,
        [StripeRefundId] nvarchar(255) NULL,
        [Revision] int NOT NULL,
        CONSTRAINT [PK_OwedRefunds] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_OwedRefunds_Amount] CHECK (CAST("Amount" AS DECIMAL(18, 2)) > 0),
        CONSTRAINT [FK_OwedRefunds_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_OwedRefunds_Payments_PaymentId] FOREIGN KEY ([PaymentId]) REFERENCES [Payments] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155748_PaymentsHardening'
)
BEGIN
    CREATE TABLE [PaymentDisputes] (
        [Id] int NOT NULL IDENTITY,
        [StripeDisputeId] nvarchar(255) NOT NULL,
        [PaymentId] int NOT NULL,
        [EnrollmentId] int NOT NULL,
        [CenterId] int NOT NULL,
        [Amount] decimal(18,2) NOT NULL,
        [Reason] nvarchar(60) NOT NULL,
        [Status] nvarchar(40) NOT NULL,
        [OpenedAt] datetimeoffset NOT NULL,
        [ClosedAt] datetimeoffset NULL,
        [Revision] int NOT NULL,
        CONSTRAINT [PK_PaymentDisputes] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PaymentDisputes_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_PaymentDisputes_Payments_PaymentId] FOREIGN KEY ([PaymentId]) REFERENCES [Payments] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155748_PaymentsHardening'
)
BEGIN
    CREATE INDEX [IX_ProcessedStripeEvents_AwaitingPaymentIntentId] ON [ProcessedStripeEvents] ([AwaitingPaymentIntentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155748_PaymentsHardening'
)
BEGIN
    CREATE INDEX [IX_OwedRefunds_CenterId] ON [OwedRefunds] ([CenterId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155748_PaymentsHardening'
)
BEGIN
    CREATE UNIQUE INDEX [IX_OwedRefunds_PaymentId_Reason] ON [OwedRefunds] ([PaymentId], [Reason]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155748_PaymentsHardening'
)
BEGIN
    CREATE INDEX [IX_OwedRefunds_Status_CreatedAt] ON [OwedRefunds] ([Status], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155748_PaymentsHardening'
)
BEGIN
    CREATE INDEX [IX_PaymentDisputes_CenterId] ON [PaymentDisputes] ([CenterId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155748_PaymentsHardening'
)
BEGIN
    CREATE INDEX [IX_PaymentDisputes_PaymentId] ON [PaymentDisputes] ([PaymentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155748_PaymentsHardening'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PaymentDisputes_StripeDisputeId] ON [PaymentDisputes] ([StripeDisputeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204155748_PaymentsHardening'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204155748_PaymentsHardening', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205080908_PracticalTaskPool'
)
BEGIN
    CREATE TABLE [PracticalTasks] (
        [Id] int NOT NULL IDENTITY,
        [Code] nvarchar(20) NOT NULL,
        [Level] int NOT NULL,
        [Title] nvarchar(100) NOT NULL,
        [Category] nvarchar(40) NOT NULL,
        [Scoring] nvarchar(30) NOT NULL,
        [Points] decimal(5,2) NOT NULL,
        [Minutes] int NOT NULL,
        [Instructions] nvarchar(4000) NOT NULL,
        [ContentJson] nvarchar(max) NULL,
        [RubricJson] nvarchar(max) NOT NULL,
        [Active] bit NOT NULL,
        [Revision] int NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_PracticalTasks] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_PracticalTasks_Level] CHECK ("Level" BETWEEN 1 AND 5)
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205080908_PracticalTaskPool'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PracticalTasks_Code] ON [PracticalTasks] ([Code]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205080908_PracticalTaskPool'
)
BEGIN
    CREATE INDEX [IX_PracticalTasks_Level_Category_Active] ON [PracticalTasks] ([Level], [Category], [Active]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205080908_PracticalTaskPool'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205080908_PracticalTaskPool', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    DROP INDEX [IX_ExamAttempts_RegistrationId] ON [ExamAttempts];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    ALTER TABLE [ExamSessions] ADD [SkillBlueprintId] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    DECLARE @var nvarchar(max);
    SELECT @var = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[ExamAttempts]') AND [c].[name] = N'BlueprintId');
    IF @var IS NOT NULL EXEC(N'ALTER TABLE [ExamAttempts] DROP CONSTRAINT ' + @var + ';');
    ALTER TABLE [ExamAttempts] ALTER COLUMN [BlueprintId] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    ALTER TABLE [ExamAttempts] ADD [Component] nvarchar(20) NOT NULL DEFAULT N'Theory';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    ALTER TABLE [ExamAttempts] ADD [SkillBlueprintId] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    CREATE TABLE [AttemptTasks] (
        [Id] int NOT NULL IDENTITY,
        [AttemptId] int NOT NULL,
        [Position] int NOT NULL,
        [PracticalTaskId] int NOT NULL,
        [TaskRevision] int NOT NULL,
        [Code] nvarchar(20) NOT NULL,
        [Title] nvarchar(100) NOT NULL,
        [Category] nvarchar(40) NOT NULL,
        [Scoring] nvarchar(30) NOT NULL,
        [Points] decimal(5,2) NOT NULL,
        [Minutes] int NOT NULL,
        [Instructions] nvarchar(4000) NOT NULL,
        [ContentJson] nvarchar(max) NULL,
        [RubricJson] nvarchar(max) NOT NULL,
        [Response] nvarchar(max) NULL,
        [SavedRevision] int NOT NULL,
        [SavedAt] datetimeoffset NULL,
        [Awarded] decimal(5,2) NULL,
        [BreakdownJson] nvarchar(max) NULL,
        CONSTRAINT [PK_AttemptTasks] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AttemptTasks_ExamAttempts_AttemptId] FOREIGN KEY ([AttemptId]) REFERENCES [ExamAttempts] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AttemptTasks_PracticalTasks_PracticalTaskId] FOREIGN KEY ([PracticalTaskId]) REFERENCES [PracticalTasks] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    CREATE TABLE [SkillBlueprints] (
        [Id] int NOT NULL IDENTITY,
        [Level] int NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [DurationMinutes] int NOT NULL,
        [PassMark] decimal(5,2) NOT NULL,
        [Active] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_SkillBlueprints] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SkillBlueprints_SkillLevels_Level] FOREIGN KEY ([Level]) REFERENCES [SkillLevels] ([Level]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    CREATE TABLE [SkillBlueprintLines] (
        [Id] int NOT NULL IDENTITY,
        [Category] nvarchar(40) NOT NULL,
        [Count] int NOT NULL,
        [Points] decimal(5,2) NOT NULL,
        [SkillBlueprintId] int NOT NULL,
        CONSTRAINT [PK_SkillBlueprintLines] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SkillBlueprintLines_SkillBlueprints_SkillBlueprintId] FOREIGN KEY ([SkillBlueprintId]) REFERENCES [SkillBlueprints] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    CREATE INDEX [IX_ExamSessions_SkillBlueprintId] ON [ExamSessions] ([SkillBlueprintId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ExamAttempts_RegistrationId_Component] ON [ExamAttempts] ([RegistrationId], [Component]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    CREATE INDEX [IX_ExamAttempts_SkillBlueprintId] ON [ExamAttempts] ([SkillBlueprintId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    EXEC(N'ALTER TABLE [ExamAttempts] ADD CONSTRAINT [CK_ExamAttempts_Blueprint] CHECK (("Component" = ''Theory'' AND "BlueprintId" IS NOT NULL AND "SkillBlueprintId" IS NULL) OR ("Component" = ''Skill'' AND "SkillBlueprintId" IS NOT NULL AND "BlueprintId" IS NULL))');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AttemptTasks_AttemptId_Position] ON [AttemptTasks] ([AttemptId], [Position]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    CREATE INDEX [IX_AttemptTasks_PracticalTaskId] ON [AttemptTasks] ([PracticalTaskId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    CREATE INDEX [IX_SkillBlueprintLines_SkillBlueprintId] ON [SkillBlueprintLines] ([SkillBlueprintId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SkillBlueprints_Level_Name] ON [SkillBlueprints] ([Level], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    ALTER TABLE [ExamAttempts] ADD CONSTRAINT [FK_ExamAttempts_SkillBlueprints_SkillBlueprintId] FOREIGN KEY ([SkillBlueprintId]) REFERENCES [SkillBlueprints] ([Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    ALTER TABLE [ExamSessions] ADD CONSTRAINT [FK_ExamSessions_SkillBlueprints_SkillBlueprintId] FOREIGN KEY ([SkillBlueprintId]) REFERENCES [SkillBlueprints] ([Id]) ON DELETE NO ACTION;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205123504_SkillPapers'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205123504_SkillPapers', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205181532_Marking'
)
BEGIN
    ALTER TABLE [ExamSessions] ADD [ExternalExaminersOnly] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205181532_Marking'
)
BEGIN
    CREATE TABLE [ExaminerGrants] (
        [UserId] nvarchar(450) NOT NULL,
        [CenterId] int NOT NULL,
        [Scope] nvarchar(20) NOT NULL,
        [GrantedById] nvarchar(max) NOT NULL,
        [GrantedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ExaminerGrants] PRIMARY KEY ([UserId]),
        CONSTRAINT [FK_ExaminerGrants_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_ExaminerGrants_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205181532_Marking'
)
BEGIN
    CREATE TABLE [ScriptMarks] (
        [Id] int NOT NULL IDENTITY,
        [AttemptTaskId] int NOT NULL,
        [AttemptId] int NOT NULL,
        [SessionId] int NOT NULL,
        [CenterId] int NOT NULL,
        [Round] int NOT NULL,
        [ExaminerId] nvarchar(450) NOT NULL,
        [ClaimedAt] datetimeoffset NOT NULL,
        [SubmittedAt] datetimeoffset NULL,
        [Total] decimal(5,2) NULL,
        [LinesJson] nvarchar(max) NULL,
        [Comment] nvarchar(2000) NULL,
        CONSTRAINT [PK_ScriptMarks] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_ScriptMarks_Round] CHECK ("Round" BETWEEN 1 AND 3),
        CONSTRAINT [FK_ScriptMarks_AspNetUsers_ExaminerId] FOREIGN KEY ([ExaminerId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_ScriptMarks_AttemptTasks_AttemptTaskId] FOREIGN KEY ([AttemptTaskId]) REFERENCES [AttemptTasks] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_ScriptMarks_ExamAttempts_AttemptId] FOREIGN KEY ([AttemptId]) REFERENCES [ExamAttempts] ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205181532_Marking'
)
BEGIN
    CREATE INDEX [IX_ExaminerGrants_CenterId] ON [ExaminerGrants] ([CenterId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205181532_Marking'
)
BEGIN
    CREATE INDEX [IX_ScriptMarks_AttemptId] ON [ScriptMarks] ([AttemptId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205181532_Marking'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ScriptMarks_AttemptTaskId_ExaminerId] ON [ScriptMarks] ([AttemptTaskId], [ExaminerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205181532_Marking'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ScriptMarks_AttemptTaskId_Round] ON [ScriptMarks] ([AttemptTaskId], [Round]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205181532_Marking'
)
BEGIN
    CREATE INDEX [IX_ScriptMarks_ExaminerId_SubmittedAt] ON [ScriptMarks] ([ExaminerId], [SubmittedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205181532_Marking'
)
BEGIN
    CREATE INDEX [IX_ScriptMarks_SessionId] ON [ScriptMarks] ([SessionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205181532_Marking'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205181532_Marking', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205190829_ResultReviews'
)
BEGIN
    CREATE TABLE [ResultReviews] (
        [Id] int NOT NULL IDENTITY,
        [AttemptId] int NOT NULL,
        [RegistrationId] int NOT NULL,
        [SessionId] int NOT NULL,
        [CenterId] int NOT NULL,
        [LearnerId] nvarchar(450) NOT NULL,
        [Component] nvarchar(20) NOT NULL,
        [Reason] nvarchar(500) NOT NULL,
        [RequestedAt] datetimeoffset NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [PreviousScore] decimal(5,2) NOT NULL,
        [PreviousPassed] bit NOT NULL,
        [ResolvedScore] decimal(5,2) NULL,
        [ResolvedPassed] bit NULL,
        [ResolvedAt] datetimeoffset NULL,
        [ResolvedById] nvarchar(450) NULL,
        [Resolution] nvarchar(500) NULL,
        [Revision] int NOT NULL,
        CONSTRAINT [PK_ResultReviews] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ResultReviews_AspNetUsers_LearnerId] FOREIGN KEY ([LearnerId]) REFERENCES [AspNetUsers] ([Id]),
        CONSTRAINT [FK_ResultReviews_AspNetUsers_ResolvedById] FOREIGN KEY ([ResolvedById]) REFERENCES [AspNetUsers] ([Id]),
        CONSTRAINT [FK_ResultReviews_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]),
        CONSTRAINT [FK_ResultReviews_ExamAttempts_AttemptId] FOREIGN KEY ([AttemptId]) REFERENCES [ExamAttempts] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_ResultReviews_ExamRegistrations_RegistrationId] FOREIGN KEY ([RegistrationId]) REFERENCES [ExamRegistrations] ([Id]),
        CONSTRAINT [FK_ResultReviews_ExamSessions_SessionId] FOREIGN KEY ([SessionId]) REFERENCES [ExamSessions] ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205190829_ResultReviews'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ResultReviews_AttemptId] ON [ResultReviews] ([AttemptId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205190829_ResultReviews'
)
BEGIN
    CREATE INDEX [IX_ResultReviews_CenterId_Status] ON [ResultReviews] ([CenterId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205190829_ResultReviews'
)
BEGIN
    CREATE INDEX [IX_ResultReviews_LearnerId] ON [ResultReviews] ([LearnerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205190829_ResultReviews'
)
BEGIN
    CREATE INDEX [IX_ResultReviews_RegistrationId] ON [ResultReviews] ([RegistrationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205190829_ResultReviews'
)
BEGIN
    CREATE INDEX [IX_ResultReviews_ResolvedById] ON [ResultReviews] ([ResolvedById]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205190829_ResultReviews'
)
BEGIN
    CREATE INDEX [IX_ResultReviews_SessionId] ON [ResultReviews] ([SessionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205190829_ResultReviews'
)
BEGIN
    CREATE INDEX [IX_ResultReviews_Status_RequestedAt] ON [ResultReviews] ([Status], [RequestedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205190829_ResultReviews'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205190829_ResultReviews', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205192550_StoredFiles'
)
BEGIN
    CREATE TABLE [StoredFiles] (
        [Id] uniqueidentifier NOT NULL,
        [OwnerId] nvarchar(450) NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [ContentType] nvarchar(100) NOT NULL,
        [Length] bigint NOT NULL,
        [Sha256] nchar(64) NOT NULL,
        [Content] varbinary(max) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_StoredFiles] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_StoredFiles_AspNetUsers_OwnerId] FOREIGN KEY ([OwnerId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205192550_StoredFiles'
)
BEGIN
    CREATE INDEX [IX_StoredFiles_OwnerId] ON [StoredFiles] ([OwnerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205192550_StoredFiles'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205192550_StoredFiles', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    ALTER TABLE [LearnerProfiles] ADD [PhotoFileId] uniqueidentifier NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    CREATE TABLE [CertificateBatches] (
        [Id] int NOT NULL IDENTITY,
        [SessionId] int NOT NULL,
        [CenterId] int NOT NULL,
        [RequestedById] nvarchar(max) NOT NULL,
        [PublicBase] nvarchar(200) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [Total] int NOT NULL,
        [CompletedAt] datetimeoffset NULL,
        [ArchiveFile] nvarchar(200) NULL,
        [ArchiveRequestedAt] datetimeoffset NULL,
        [ArchiveReadyAt] datetimeoffset NULL,
        CONSTRAINT [PK_CertificateBatches] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CertificateBatches_ExamSessions_SessionId] FOREIGN KEY ([SessionId]) REFERENCES [ExamSessions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    CREATE TABLE [Certificates] (
        [Id] int NOT NULL IDENTITY,
        [RegistrationId] int NOT NULL,
        [SessionId] int NOT NULL,
        [CenterId] int NOT NULL,
        [LearnerId] nvarchar(450) NOT NULL,
        [Edition] int NOT NULL,
        [Number] nvarchar(22) NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [IdType] nvarchar(40) NOT NULL,
        [IdNumber] nvarchar(40) NOT NULL,
        [Occupation] nvarchar(40) NOT NULL,
        [Direction] nvarchar(40) NULL,
        [Level] int NOT NULL,
        [LevelName] nvarchar(20) NOT NULL,
        [Organisation] nvarchar(100) NOT NULL,
        [IssuedOn] date NOT NULL,
        [IssuedAt] datetimeoffset NOT NULL,
        [KeyId] nvarchar(16) NOT NULL,
        [Code] nvarchar(200) NOT NULL,
        [PdfFile] nvarchar(200) NOT NULL,
        [PdfSha256] nvarchar(64) NOT NULL,
        [PdfSeal] nvarchar(100) NOT NULL,
        [PdfBytes] int NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [RevokedAt] datetimeoffset NULL,
        [RevokedReason] nvarchar(500) NULL,
        [RevokedById] nvarchar(450) NULL,
        [SupersededById] int NULL,
        [Revision] int NOT NULL,
        CONSTRAINT [PK_Certificates] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Certificates_AspNetUsers_LearnerId] FOREIGN KEY ([LearnerId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Certificates_ExamRegistrations_RegistrationId] FOREIGN KEY ([RegistrationId]) REFERENCES [ExamRegistrations] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Certificates_ExamSessions_SessionId] FOREIGN KEY ([SessionId]) REFERENCES [ExamSessions] ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    CREATE TABLE [CertificateSerials] (
        [CenterId] int NOT NULL,
        [Year] int NOT NULL,
        [Level] int NOT NULL,
        [Last] int NOT NULL,
        CONSTRAINT [PK_CertificateSerials] PRIMARY KEY ([CenterId], [Year], [Level]),
        CONSTRAINT [CK_CertificateSerials_Last] CHECK ("Last" >= 0 AND "Last" <= 999999),
        CONSTRAINT [FK_CertificateSerials_Centers_CenterId] FOREIGN KEY ([CenterId]) REFERENCES [Centers] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    CREATE TABLE [CertificateSigningKeys] (
        [Id] nvarchar(16) NOT NULL,
        [PublicKey] nvarchar(400) NOT NULL,
        [ProtectedPrivateKey] nvarchar(2000) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [RetiredAt] datetimeoffset NULL,
        CONSTRAINT [PK_CertificateSigningKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    CREATE TABLE [CertificateBatchItem] (
        [Id] int NOT NULL IDENTITY,
        [BatchId] int NOT NULL,
        [RegistrationId] int NOT NULL,
        [CertificateId] int NULL,
        [Error] nvarchar(300) NULL,
        [DoneAt] datetimeoffset NULL,
        CONSTRAINT [PK_CertificateBatchItem] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CertificateBatchItem_CertificateBatches_BatchId] FOREIGN KEY ([BatchId]) REFERENCES [CertificateBatches] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    CREATE INDEX [IX_LearnerProfiles_PhotoFileId] ON [LearnerProfiles] ([PhotoFileId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    CREATE INDEX [IX_CertificateBatches_SessionId] ON [CertificateBatches] ([SessionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    CREATE UNIQUE INDEX [IX_CertificateBatchItem_BatchId_RegistrationId] ON [CertificateBatchItem] ([BatchId], [RegistrationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    CREATE INDEX [IX_Certificates_LearnerId] ON [Certificates] ([LearnerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Certificates_Number] ON [Certificates] ([Number]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Certificates_RegistrationId_Edition] ON [Certificates] ([RegistrationId], [Edition]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    CREATE INDEX [IX_Certificates_SessionId] ON [Certificates] ([SessionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    ALTER TABLE [LearnerProfiles] ADD CONSTRAINT [FK_LearnerProfiles_StoredFiles_PhotoFileId] FOREIGN KEY ([PhotoFileId]) REFERENCES [StoredFiles] ([Id]) ON DELETE NO ACTION;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205232459_Certificates'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205232459_Certificates', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    ALTER TABLE [LearnerProfiles] ADD [UnemploymentInsuranceMonths] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE TABLE [SubsidyBatches] (
        [Id] int NOT NULL IDENTITY,
        [CreatedAt] datetimeoffset NOT NULL,
        [CreatedById] nvarchar(450) NOT NULL,
        [Count] int NOT NULL,
        [Total] decimal(18,2) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [PaidAt] datetimeoffset NULL,
        [PaidById] nvarchar(450) NULL,
        [PaymentReference] nvarchar(100) NULL,
        [Revision] int NOT NULL,
        CONSTRAINT [PK_SubsidyBatches] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE TABLE [SubsidyPolicies] (
        [Id] int NOT NULL IDENTITY,
        [PolicyCode] nvarchar(40) NOT NULL,
        [Version] int NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [EnglishName] nvarchar(100) NOT NULL,
        [EffectiveFrom] date NOT NULL,
        [Precedence] int NOT NULL,
        [TermsJson] nvarchar(max) NOT NULL,
        [Note] nvarchar(500) NULL,
        [CreatedById] nvarchar(450) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_SubsidyPolicies] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE TABLE [SubsidyReminders] (
        [CertificateId] int NOT NULL,
        [DaysBefore] int NOT NULL,
        [SentAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_SubsidyReminders] PRIMARY KEY ([CertificateId], [DaysBefore]),
        CONSTRAINT [FK_SubsidyReminders_Certificates_CertificateId] FOREIGN KEY ([CertificateId]) REFERENCES [Certificates] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE TABLE [SubsidyApplications] (
        [Id] int NOT NULL IDENTITY,
        [CertificateId] int NOT NULL,
        [LearnerId] nvarchar(450) NOT NULL,
        [PolicyVersionId] int NOT NULL,
        [PolicyCode] nvarchar(40) NOT NULL,
        [Occupation] nvarchar(40) NOT NULL,
        [Level] int NOT NULL,
        [Amount] decimal(18,2) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [SubmittedOn] date NOT NULL,
        [SubmittedAt] datetimeoffset NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        [BatchId] int NULL,
        [Revision] int NOT NULL,
        CONSTRAINT [PK_SubsidyApplications] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_SubsidyApplications_Amount] CHECK (CAST("Amount" AS DECIMAL(18, 2)) > 0),
        CONSTRAINT [FK_SubsidyApplications_AspNetUsers_LearnerId] FOREIGN KEY ([LearnerId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_SubsidyApplications_Certificates_CertificateId] FOREIGN KEY ([CertificateId]) REFERENCES [Certificates] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_SubsidyApplications_SubsidyBatches_BatchId] FOREIGN KEY ([BatchId]) REFERENCES [SubsidyBatches] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_SubsidyApplications_SubsidyPolicies_PolicyVersionId] FOREIGN KEY ([PolicyVersionId]) REFERENCES [SubsidyPolicies] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE TABLE [SubsidyDecisions] (
        [Id] bigint NOT NULL IDENTITY,
        [ApplicationId] int NOT NULL,
        [Action] nvarchar(20) NOT NULL,
        [FromStatus] nvarchar(20) NULL,
        [ToStatus] nvarchar(20) NOT NULL,
        [ByUserId] nvarchar(450) NOT NULL,
        [Reason] nvarchar(1000) NULL,
        [FileId] uniqueidentifier NULL,
        [At] datetimeoffset NOT NULL,
        CONSTRAINT [PK_SubsidyDecisions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SubsidyDecisions_SubsidyApplications_ApplicationId] FOREIGN KEY ([ApplicationId]) REFERENCES [SubsidyApplications] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE INDEX [IX_SubsidyApplications_BatchId] ON [SubsidyApplications] ([BatchId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SubsidyApplications_CertificateId] ON [SubsidyApplications] ([CertificateId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE INDEX [IX_SubsidyApplications_LearnerId] ON [SubsidyApplications] ([LearnerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE INDEX [IX_SubsidyApplications_PolicyVersionId] ON [SubsidyApplications] ([PolicyVersionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE INDEX [IX_SubsidyApplications_Status_SubmittedAt] ON [SubsidyApplications] ([Status], [SubmittedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE INDEX [IX_SubsidyDecisions_ApplicationId_At] ON [SubsidyDecisions] ([ApplicationId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE INDEX [IX_SubsidyDecisions_At] ON [SubsidyDecisions] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SubsidyPolicies_PolicyCode_EffectiveFrom] ON [SubsidyPolicies] ([PolicyCode], [EffectiveFrom]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SubsidyPolicies_PolicyCode_Version] ON [SubsidyPolicies] ([PolicyCode], [Version]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206021504_Subsidies'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206021504_Subsidies', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206022757_ComprehensiveReview'
)
BEGIN
    ALTER TABLE [ExamAttempts] DROP CONSTRAINT [CK_ExamAttempts_Blueprint];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206022757_ComprehensiveReview'
)
BEGIN
    ALTER TABLE [SkillBlueprints] ADD [Component] nvarchar(20) NOT NULL DEFAULT N'Skill';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206022757_ComprehensiveReview'
)
BEGIN
    ALTER TABLE [PracticalTasks] ADD [Component] nvarchar(20) NOT NULL DEFAULT N'Skill';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206022757_ComprehensiveReview'
)
BEGIN
    ALTER TABLE [ExamSessions] ADD [ReviewBlueprintId] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206022757_ComprehensiveReview'
)
BEGIN
    CREATE INDEX [IX_ExamSessions_ReviewBlueprintId] ON [ExamSessions] ([ReviewBlueprintId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206022757_ComprehensiveReview'
)
BEGIN
    EXEC(N'ALTER TABLE [ExamAttempts] ADD CONSTRAINT [CK_ExamAttempts_Blueprint] CHECK (("Component" = ''Theory'' AND "BlueprintId" IS NOT NULL AND "SkillBlueprintId" IS NULL) OR ("Component" IN (''Skill'', ''Review'') AND "SkillBlueprintId" IS NOT NULL AND "BlueprintId" IS NULL))');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206022757_ComprehensiveReview'
)
BEGIN
    ALTER TABLE [ExamSessions] ADD CONSTRAINT [FK_ExamSessions_SkillBlueprints_ReviewBlueprintId] FOREIGN KEY ([ReviewBlueprintId]) REFERENCES [SkillBlueprints] ([Id]) ON DELETE NO ACTION;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206022757_ComprehensiveReview'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206022757_ComprehensiveReview', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    DROP INDEX [IX_Payments_CenterId] ON [Payments];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    DROP INDEX [IX_Enrollments_CenterId] ON [Enrollments];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    DROP INDEX [IX_Certificates_LearnerId] ON [Certificates];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    ALTER TABLE [CohortSessions] ADD [Minutes] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    UPDATE [CohortSessions] SET [Minutes] = DATEDIFF(minute, [Start], [End]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    CREATE TABLE [AuditEntries] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetimeoffset NOT NULL,
        [ActorId] nvarchar(450) NULL,
        [ActorName] nvarchar(256) NOT NULL,
        [Action] nvarchar(40) NOT NULL,
        [TargetType] nvarchar(40) NOT NULL,
        [TargetId] nvarchar(64) NULL,
        [CenterId] int NULL,
        [Detail] nvarchar(500) NULL,
        [ClientIp] nvarchar(45) NULL,
        CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    CREATE INDEX [IX_Payments_CenterId_PaidAt] ON [Payments] ([CenterId], [PaidAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    CREATE INDEX [IX_Payments_PaidAt_Status] ON [Payments] ([PaidAt], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    CREATE INDEX [IX_ExamSessions_ResultsReleasedAt] ON [ExamSessions] ([ResultsReleasedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    CREATE INDEX [IX_Enrollments_CenterId_ConfirmedAt] ON [Enrollments] ([CenterId], [ConfirmedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    CREATE INDEX [IX_Enrollments_ConfirmedAt] ON [Enrollments] ([ConfirmedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    CREATE INDEX [IX_Certificates_LearnerId_Level_Status] ON [Certificates] ([LearnerId], [Level], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_Action_At] ON [AuditEntries] ([Action], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_ActorId_At] ON [AuditEntries] ([ActorId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_At] ON [AuditEntries] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_CenterId_At] ON [AuditEntries] ([CenterId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_TargetType_TargetId_At] ON [AuditEntries] ([TargetType], [TargetId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206023946_ReportsAndAudit'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206023946_ReportsAndAudit', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206024952_OutboxClaims'
)
BEGIN
    ALTER TABLE [Outbox] ADD [ClaimToken] uniqueidentifier NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206024952_OutboxClaims'
)
BEGIN
    ALTER TABLE [Outbox] ADD [ClaimedUntil] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206024952_OutboxClaims'
)
BEGIN
    CREATE INDEX [IX_Outbox_ClaimToken] ON [Outbox] ([ClaimToken]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206024952_OutboxClaims'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206024952_OutboxClaims', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    DECLARE @var1 nvarchar(max);
    SELECT @var1 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[LearnerProfiles]') AND [c].[name] = N'Phone');
    IF @var1 IS NOT NULL EXEC(N'ALTER TABLE [LearnerProfiles] DROP CONSTRAINT ' + @var1 + ';');
    ALTER TABLE [LearnerProfiles] ALTER COLUMN [Phone] nvarchar(400) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    DECLARE @var2 nvarchar(max);
    SELECT @var2 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[LearnerProfiles]') AND [c].[name] = N'IdNumber');
    IF @var2 IS NOT NULL EXEC(N'ALTER TABLE [LearnerProfiles] DROP CONSTRAINT ' + @var2 + ';');
    ALTER TABLE [LearnerProfiles] ALTER COLUMN [IdNumber] nvarchar(400) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    ALTER TABLE [LearnerProfiles] ADD [IdNumberHash] nvarchar(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    DECLARE @var3 nvarchar(max);
    SELECT @var3 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[Certificates]') AND [c].[name] = N'IdNumber');
    IF @var3 IS NOT NULL EXEC(N'ALTER TABLE [Certificates] DROP CONSTRAINT ' + @var3 + ';');
    ALTER TABLE [Certificates] ALTER COLUMN [IdNumber] nvarchar(400) NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    ALTER TABLE [AspNetUsers] ADD [ErasedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    ALTER TABLE [AspNetUsers] ADD [PrivacyConsentAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    ALTER TABLE [AspNetUsers] ADD [PrivacyNoticeVersion] nvarchar(20) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    CREATE TABLE [DeletionRequests] (
        [Id] int NOT NULL IDENTITY,
        [UserId] nvarchar(450) NOT NULL,
        [Reason] nvarchar(500) NULL,
        [Status] nvarchar(20) NOT NULL,
        [RequestedAt] datetimeoffset NOT NULL,
        [CompletedAt] datetimeoffset NULL,
        [CompletedById] nvarchar(450) NULL,
        CONSTRAINT [PK_DeletionRequests] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_DeletionRequests_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    CREATE TABLE [PersonalDataKeys] (
        [Id] nvarchar(40) NOT NULL,
        [ProtectedKey] nvarchar(1000) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_PersonalDataKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_LearnerProfiles_IdType_IdNumberHash] ON [LearnerProfiles] ([IdType], [IdNumberHash]) WHERE [IdNumberHash] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    CREATE INDEX [IX_DeletionRequests_Status_RequestedAt] ON [DeletionRequests] ([Status], [RequestedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    CREATE INDEX [IX_DeletionRequests_UserId] ON [DeletionRequests] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206065245_PersonalDataProtection'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206065245_PersonalDataProtection', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206111946_SharedRateLimits'
)
BEGIN
    CREATE TABLE [RateLimitCounters] (
        [Key] nvarchar(200) NOT NULL,
        [Count] int NOT NULL,
        [ExpiresAt] bigint NOT NULL,
        CONSTRAINT [PK_RateLimitCounters] PRIMARY KEY ([Key])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206111946_SharedRateLimits'
)
BEGIN
    CREATE INDEX [IX_RateLimitCounters_ExpiresAt] ON [RateLimitCounters] ([ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206111946_SharedRateLimits'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206111946_SharedRateLimits', N'10.0.15');
END;

COMMIT;
GO

