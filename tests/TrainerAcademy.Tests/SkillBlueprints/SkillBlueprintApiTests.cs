using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Tests.Domain.Practical;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;

namespace TrainerAcademy.Tests.SkillBlueprints;

/// <summary>The admin's skill blueprints through the API, on each provider.</summary>
public abstract class SkillBlueprintApiTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : SkillBlueprintApiTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : SkillBlueprintApiTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    /// <summary>The level the pool and blueprints of these tests live at; other test classes of the factory use level 4.</summary>
    public const int Level = 2;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AcademyFactory, Task> Pools = new();

    /// <summary>Level 2: three classification tasks of 25 points (data cleaning and annotation) and two evaluation tasks of 50 (model testing).</summary>
    public static Task PoolAsync(AcademyFactory factory) => Pools.GetValue(factory, async f =>
    {
        await using var scope = f.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var tag = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 3; i++)
            db.PracticalTasks.Add(SkillPool.Task($"{tag}-C{i}", PracticalScoringKind.TextClassification, PracticalTaskSamples.Classification, 25,
                PracticalCategory.DataCleaningAndAnnotation, Level));
        for (var i = 0; i < 2; i++)
            db.PracticalTasks.Add(SkillPool.Task($"{tag}-E{i}", PracticalScoringKind.ModelEvaluation, PracticalTaskSamples.Evaluation, 50,
                PracticalCategory.ModelDevelopmentAndTesting, Level));
        await db.SaveChangesAsync();
    });

    public static object Line(string category, int count, decimal points) => new { category, count, points };

    public static Dictionary<string, object?> Blueprint(string? name = null, int level = Level, int durationMinutes = 120, decimal passMark = 60,
        object[]? lines = null, bool active = true) => new()
    {
        ["level"] = level, ["name"] = name ?? "二级技能 " + Guid.NewGuid().ToString("N")[..6], ["durationMinutes"] = durationMinutes,
        ["passMark"] = passMark, ["active"] = active,
        ["lines"] = lines ?? [Line("DataCleaningAndAnnotation", 2, 25), Line("ModelDevelopmentAndTesting", 1, 50)],
    };

    private async Task<JsonElement> CreateAsync(object blueprint)
    {
        await PoolAsync(factory);
        return await (await (await factory.WorldAsync()).Admin.PostJsonAsync("/api/skill-blueprints", blueprint)).ExpectJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Only_admins_reach_the_skill_blueprints()
    {
        var w = await factory.WorldAsync();
        var id = (await CreateAsync(Blueprint())).Id();
        foreach (var path in new[] { "/api/skill-blueprints", $"/api/skill-blueprints/{id}", "/api/skill-blueprints?level=2" })
        {
            await (await w.Anonymous.GetAsync(path)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
            await (await w.StaffA.GetAsync(path)).ExpectStatusAsync(HttpStatusCode.Forbidden);
            await (await w.Learner.GetAsync(path)).ExpectStatusAsync(HttpStatusCode.Forbidden);
        }
        foreach (var client in new[] { w.StaffA, w.Learner })
        {
            await (await client.PostJsonAsync("/api/skill-blueprints", Blueprint())).ExpectStatusAsync(HttpStatusCode.Forbidden);
            await (await client.PutJsonAsync($"/api/skill-blueprints/{id}", Blueprint())).ExpectStatusAsync(HttpStatusCode.Forbidden);
            await (await client.PostJsonAsync($"/api/skill-blueprints/{id}/retire", new { })).ExpectStatusAsync(HttpStatusCode.Forbidden);
            await (await client.PostJsonAsync($"/api/skill-blueprints/{id}/activate", new { })).ExpectStatusAsync(HttpStatusCode.Forbidden);
        }
        await (await w.Anonymous.PostJsonAsync("/api/skill-blueprints", Blueprint())).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.Anonymous.PostJsonAsync($"/api/skill-blueprints/{id}/retire", new { })).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        Assert.True((await factory.DbAsync(db => db.SkillBlueprints.AsNoTracking().SingleAsync(b => b.Id == id))).Active);

        await (await w.Admin.GetAsync("/api/skill-blueprints/999999")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.Admin.PutJsonAsync("/api/skill-blueprints/999999", Blueprint())).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.Admin.PostJsonAsync("/api/skill-blueprints/999999/retire", new { })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_adds_a_blueprint_and_reads_it_with_the_pool_beside_each_line()
    {
        var w = await factory.WorldAsync();
        var name = "二级技能 " + Guid.NewGuid().ToString("N")[..6];
        var created = await CreateAsync(Blueprint(name, passMark: 65));

        var read = await (await w.Admin.GetAsync($"/api/skill-blueprints/{created.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(name, read.GetProperty("name").GetString());
        Assert.Equal(Level, read.GetProperty("level").GetInt32());
        Assert.Equal(65m, read.GetProperty("passMark").GetDecimal());
        Assert.Equal(100m, read.GetProperty("totalPoints").GetDecimal());
        Assert.Equal(3, read.GetProperty("taskCount").GetInt32());
        Assert.True(read.GetProperty("active").GetBoolean());
        Assert.True(read.GetProperty("inForce").GetBoolean());
        Assert.True(read.GetProperty("editable").GetBoolean());
        Assert.Equal(0, read.GetProperty("sessions").GetInt32());
        var lines = read.GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("category").GetString(), l.GetProperty("count").GetInt32(), l.GetProperty("points").GetDecimal(), l.GetProperty("available").GetInt32()))
            .ToList();
        Assert.Equal([("DataCleaningAndAnnotation", 2, 25m, 3), ("ModelDevelopmentAndTesting", 1, 50m, 2)], lines);
        Assert.Empty(read.GetProperty("shortfalls").EnumerateArray());

        var listed = await (await w.Admin.GetAsync($"/api/skill-blueprints?level={Level}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), b => b.Id() == created.Id());
        Assert.All(listed.EnumerateArray(), b => Assert.Equal(Level, b.GetProperty("level").GetInt32()));
        var other = await (await w.Admin.GetAsync("/api/skill-blueprints?level=5")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(other.EnumerateArray(), b => b.Id() == created.Id());

        var taken = await (await w.Admin.PostJsonAsync("/api/skill-blueprints", Blueprint(name))).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("skill-blueprint.name-taken", taken.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Bad_blueprints_are_refused_with_the_rule_and_nothing_is_written()
    {
        var w = await factory.WorldAsync();
        await PoolAsync(factory);
        var before = await factory.DbAsync(db => db.SkillBlueprints.CountAsync());

        async Task<string> Refused(object body, string field)
        {
            var problem = await (await w.Admin.PostJsonAsync("/api/skill-blueprints", body)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
            return problem.GetProperty("code").GetString()!;
        }

        Assert.Equal("skill-blueprint.total", await Refused(Blueprint(lines: [Line("DataCleaningAndAnnotation", 2, 25)]), "lines"));
        // The command's own annotations answer first, as for every endpoint: 400 naming the field.
        var level = await (await w.Admin.PostJsonAsync("/api/skill-blueprints", Blueprint(level: 7))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(level.GetProperty("errors").TryGetProperty("Level", out _), level.ToString());
        Assert.Equal("skill-blueprint.duration", await Refused(Blueprint(durationMinutes: 10), "durationMinutes"));
        Assert.Equal("skill-blueprint.pass-mark", await Refused(Blueprint(passMark: 0), "passMark"));
        Assert.Equal("skill-blueprint.lines", await Refused(Blueprint(lines: []), "lines"));
        Assert.Equal("skill-blueprint.count", await Refused(Blueprint(lines: [Line("DataCleaningAndAnnotation", 11, 5), Line("ModelDevelopmentAndTesting", 1, 45)]), "lines"));
        Assert.Equal("skill-blueprint.category", await Refused(Blueprint(lines: [new { count = 2, points = 50 }]), "lines"));
        Assert.Equal("skill-blueprint.duplicate-line", await Refused(Blueprint(lines: [Line("ModelDevelopmentAndTesting", 1, 50), Line("ModelDevelopmentAndTesting", 1, 50)]), "lines"));

        // The pool holds no collection-guidance task of 50 points and only 3 annotation tasks of 25: the refusal names both lines.
        var shortBody = await (await w.Admin.PostJsonAsync("/api/skill-blueprints",
                Blueprint(lines: [Line("DataCleaningAndAnnotation", 4, 12.5m), Line("CollectionGuidance", 1, 50)])))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("skill-blueprint.pool-short", shortBody.GetProperty("code").GetString());
        var detail = shortBody.GetProperty("detail").GetString()!;
        Assert.Contains("实操任务库不足以满足该技能考核方案", detail);
        Assert.Contains("数据清洗标注 · 每题 12.5 分：需要 4 道，现有 0 道", detail);
        Assert.Contains("采集处理指导 · 每题 50 分：需要 1 道，现有 0 道", detail);
        Assert.Equal(["DataCleaningAndAnnotation", "CollectionGuidance"],
            shortBody.GetProperty("shortfalls").EnumerateArray().Select(s => s.GetProperty("category").GetString()));

        await (await w.Admin.SendRawAsync(HttpMethod.Post, "/api/skill-blueprints", "{\"level\": 2, \"lines\": [")).ExpectStatusAsync(HttpStatusCode.BadRequest);
        await (await w.Admin.PostJsonAsync("/api/skill-blueprints", Blueprint(lines: [Line("Cooking", 2, 50)]))).ExpectStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await factory.DbAsync(db => db.SkillBlueprints.CountAsync()));
    }

    [Fact]
    public async Task A_blueprint_is_edited_while_unused_and_once_a_session_takes_it_only_retired_or_activated()
    {
        var w = await factory.WorldAsync();
        var id = (await CreateAsync(Blueprint())).Id();
        var renamed = "二级技能（修订）" + Guid.NewGuid().ToString("N")[..6];

        var edited = await (await w.Admin.PutJsonAsync($"/api/skill-blueprints/{id}",
                Blueprint(renamed, durationMinutes: 150, lines: [Line("DataCleaningAndAnnotation", 2, 25), Line("ModelDevelopmentAndTesting", 1, 50)])))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(renamed, edited.GetProperty("name").GetString());
        Assert.Equal(150, edited.GetProperty("durationMinutes").GetInt32());
        var fixedLevel = await (await w.Admin.PutJsonAsync($"/api/skill-blueprints/{id}", Blueprint(level: 3))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("skill-blueprint.level-fixed", fixedLevel.GetProperty("code").GetString());

        var exam = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(-48));
        await factory.DbAsync(db => db.ExamSessions.Where(s => s.Id == exam.SessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.SkillBlueprintId, id)));

        var used = await (await w.Admin.GetAsync($"/api/skill-blueprints/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, used.GetProperty("sessions").GetInt32());
        Assert.False(used.GetProperty("editable").GetBoolean());
        var inUse = await (await w.Admin.PutJsonAsync($"/api/skill-blueprints/{id}", Blueprint(renamed, durationMinutes: 90))).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("skill-blueprint.in-use", inUse.GetProperty("code").GetString());
        Assert.Equal(150, (await factory.DbAsync(db => db.SkillBlueprints.AsNoTracking().SingleAsync(b => b.Id == id))).DurationMinutes);

        var retired = await (await w.Admin.PostJsonAsync($"/api/skill-blueprints/{id}/retire", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(retired.GetProperty("active").GetBoolean());
        Assert.False(retired.GetProperty("inForce").GetBoolean());
        Assert.Equal(id, await factory.DbAsync(db => db.ExamSessions.Where(s => s.Id == exam.SessionId).Select(s => s.SkillBlueprintId).SingleAsync()));
        var again = await (await w.Admin.PostJsonAsync($"/api/skill-blueprints/{id}/activate", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(again.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task The_newest_active_blueprint_is_in_force_and_one_the_pool_can_no_longer_fill_is_not_activated()
    {
        var w = await factory.WorldAsync();
        var older = (await CreateAsync(Blueprint())).Id();
        var newer = (await CreateAsync(Blueprint())).Id();
        Assert.Equal(newer, await factory.DbAsync(db => QuestionBankStore.NewestActiveSkillBlueprintIdAsync(db, Level)));

        await (await w.Admin.PostJsonAsync($"/api/skill-blueprints/{newer}/retire", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(newer, await factory.DbAsync(db => QuestionBankStore.NewestActiveSkillBlueprintIdAsync(db, Level)));
        var list = await (await w.Admin.GetAsync($"/api/skill-blueprints?level={Level}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Single(list.EnumerateArray(), b => b.GetProperty("inForce").GetBoolean());
        Assert.False(list.EnumerateArray().Single(b => b.Id() == newer).GetProperty("inForce").GetBoolean());

        // Two of the three annotation tasks go out of use: a blueprint drawing two of them can no longer be filled.
        var taskIds = await factory.DbAsync(db => db.PracticalTasks.Where(t => t.Level == Level && t.Category == PracticalCategory.DataCleaningAndAnnotation && t.Active)
            .Select(t => t.Id).ToListAsync());
        foreach (var task in taskIds.Skip(1))
            await (await w.Admin.PostJsonAsync($"/api/practical-tasks/{task}/deactivate", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        try
        {
            var refused = await (await w.Admin.PostJsonAsync($"/api/skill-blueprints/{newer}/activate", new { })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("skill-blueprint.pool-short", refused.GetProperty("code").GetString());
            var shown = await (await w.Admin.GetAsync($"/api/skill-blueprints/{older}")).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(1, shown.GetProperty("shortfalls").EnumerateArray().Single().GetProperty("available").GetInt32());
            Assert.False((await factory.DbAsync(db => db.SkillBlueprints.AsNoTracking().SingleAsync(b => b.Id == newer))).Active);
        }
        finally
        {
            foreach (var task in taskIds.Skip(1))
                await (await w.Admin.PostJsonAsync($"/api/practical-tasks/{task}/activate", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        }
    }
}
