using System.Reflection;
using System.Text.Json;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Tests.Domain.Exams;

public class QuestionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("正确", "true")]
    [InlineData("F", "false")]
    [InlineData("×", "false")]
    public void A_true_false_key_is_stored_canonically(string given, string stored) =>
        Assert.Equal(stored, new QuestionContent(QuestionType.TrueFalse, 1, "题干", null, given, "").Answer);

    [Theory]
    [InlineData("d,b", "BD")]
    [InlineData("CA", "AC")]
    public void A_multiple_choice_key_is_sorted_and_upper_case(string given, string stored) =>
        Assert.Equal(stored, new QuestionContent(QuestionType.MultipleChoice, 2, "题干", ["甲", "乙", "丙", "丁"], given, "").Answer);

    [Theory]
    [InlineData(QuestionType.SingleChoice, "AB", "question.answer-single")]
    [InlineData(QuestionType.SingleChoice, "E", "question.answer")]
    [InlineData(QuestionType.MultipleChoice, "A", "question.answer-multiple")]
    [InlineData(QuestionType.TrueFalse, "maybe", "question.options")]
    public void A_key_that_does_not_fit_the_type_is_refused(QuestionType type, string answer, string code)
    {
        string[]? options = type == QuestionType.TrueFalse ? ["甲", "乙"] : ["甲", "乙", "丙", "丁"];
        var violation = Assert.Throws<RuleViolation>(() => new QuestionContent(type, 1, "题干", options, answer, ""));
        Assert.Equal(code, violation.Code);
    }

    [Fact]
    public void Duplicate_options_and_a_bad_difficulty_are_refused()
    {
        Assert.Equal("question.options-distinct",
            Assert.Throws<RuleViolation>(() => new QuestionContent(QuestionType.SingleChoice, 1, "题干", ["甲", "甲", "丙"], "A", "")).Code);
        Assert.Equal("question.difficulty",
            Assert.Throws<RuleViolation>(() => new QuestionContent(QuestionType.TrueFalse, 4, "题干", null, "true", "")).Code);
    }

    [Fact]
    public void Editing_a_question_no_paper_used_changes_it_in_place()
    {
        var question = new Question("Q1", 4, "data-annotation", Content("旧题干"), Now);

        Assert.True(question.Change(4, "data-annotation", Content("新题干"), currentIsUsed: false, Now));

        Assert.Single(question.Versions);
        Assert.Equal("新题干", question.Current.Stem);
    }

    [Fact]
    public void Editing_a_question_a_paper_used_adds_a_version_and_keeps_the_old_one()
    {
        var question = new Question("Q1", 4, "data-annotation", Content("旧题干"), Now);
        var first = question.Current;

        Assert.True(question.Change(4, "data-annotation", Content("新题干"), currentIsUsed: true, Now));

        Assert.Equal(2, question.Versions.Count);
        Assert.Equal("旧题干", first.Stem);
        Assert.Equal(2, question.Current.Number);
        Assert.Equal("新题干", question.Current.Stem);
        Assert.False(question.Change(4, "data-annotation", Content("新题干"), currentIsUsed: true, Now));
        Assert.Equal("question.retag-used",
            Assert.Throws<RuleViolation>(() => question.Change(3, "data-annotation", Content("再改"), currentIsUsed: true, Now)).Code);
    }

    private static QuestionContent Content(string stem) => new(QuestionType.SingleChoice, 2, stem, ["甲", "乙", "丙", "丁"], "B", "因为乙。");
}

public class BlueprintTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_blueprint_totals_one_hundred_points_and_lasts_at_least_ninety_minutes()
    {
        BlueprintLine[] lines = [new("data-annotation", QuestionType.TrueFalse, 10, 1m), new("data-annotation", QuestionType.SingleChoice, 30, 3m)];
        Assert.Equal(40, new ExamBlueprint(4, "四级", 90, 60m, lines, Now).ItemCount);

        Assert.Equal("blueprint.duration", Assert.Throws<RuleViolation>(() => new ExamBlueprint(4, "四级", 89, 60m, lines, Now)).Code);
        BlueprintLine[] short_ = [new("data-annotation", QuestionType.TrueFalse, 10, 1m)];
        Assert.Equal("blueprint.total", Assert.Throws<RuleViolation>(() => new ExamBlueprint(4, "四级", 90, 60m, short_, Now)).Code);
    }

    [Fact]
    public void Shortfalls_name_each_line_the_bank_cannot_fill()
    {
        var blueprint = new ExamBlueprint(4, "四级", 90, 60m,
            [new("data-annotation", QuestionType.TrueFalse, 10, 1m), new("system-operation", QuestionType.SingleChoice, 30, 3m)], Now);

        var shortfalls = blueprint.Shortfalls(new Dictionary<(string, QuestionType), int>
        {
            [("data-annotation", QuestionType.TrueFalse)] = 12,
            [("system-operation", QuestionType.SingleChoice)] = 25,
        });

        var only = Assert.Single(shortfalls);
        Assert.Equal(("system-operation", QuestionType.SingleChoice, 5), (only.WorkFunctionCode, only.Type, only.Missing));
    }
}

public class PaperTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    internal static readonly ExamBlueprint Blueprint = new(4, "四级", 90, 60m,
        [
            new("data-annotation", QuestionType.TrueFalse, 4, 5m),
            new("system-operation", QuestionType.TrueFalse, 2, 5m),
            new("data-annotation", QuestionType.SingleChoice, 5, 10m),
            new("system-operation", QuestionType.MultipleChoice, 1, 20m),
        ], Now);

    internal static List<BankEntry> Bank()
    {
        var bank = new List<BankEntry>();
        var id = 1;
        void Add(string wf, QuestionType type, int count)
        {
            for (var i = 0; i < count; i++)
            {
                string[]? options = type == QuestionType.TrueFalse ? null : ["选项一", "选项二", "选项三", "选项四"];
                var answer = type switch { QuestionType.TrueFalse => i % 2 == 0 ? "true" : "false", QuestionType.SingleChoice => "C", _ => "AD" };
                var question = new Question($"{wf}-{type}-{i}", 4, wf, new QuestionContent(type, 1 + i % 3, $"{wf} {type} 第{i}题", options, answer, ""), Now);
                SetId(question.Current, id++);
                bank.Add(new BankEntry(question.Current, wf));
            }
        }
        Add("data-annotation", QuestionType.TrueFalse, 9);
        Add("system-operation", QuestionType.TrueFalse, 5);
        Add("data-annotation", QuestionType.SingleChoice, 12);
        Add("system-operation", QuestionType.MultipleChoice, 3);
        Add("data-collection", QuestionType.SingleChoice, 4);
        return bank;
    }

    private static void SetId(QuestionVersion version, int id) =>
        typeof(QuestionVersion).GetProperty(nameof(QuestionVersion.Id))!.SetValue(version, id, BindingFlags.NonPublic | BindingFlags.Instance, null, null, null);

    [Fact]
    public void A_paper_honours_every_line_of_the_blueprint_with_distinct_questions()
    {
        var items = PaperGenerator.Draw(Blueprint, Bank(), seed: 42);

        Assert.Equal(Blueprint.ItemCount, items.Count);
        Assert.Equal(Enumerable.Range(1, items.Count), items.Select(i => i.Position));
        Assert.Equal(items.Count, items.Select(i => i.QuestionVersionId).Distinct().Count());
        foreach (var line in Blueprint.Lines)
            Assert.Equal(line.Count, items.Count(i => i.WorkFunctionCode == line.WorkFunctionCode && i.Type == line.Type));
        Assert.Equal(100m, items.Sum(i => i.Points));
        // Printed-paper order: every true-false item before every single choice, before every multiple choice.
        Assert.Equal(items.Select(i => i.Type).Order(), items.Select(i => i.Type));
    }

    [Fact]
    public void The_same_seed_gives_the_same_paper_and_another_seed_another()
    {
        string Fingerprint(int seed) => string.Join(",", PaperGenerator.Draw(Blueprint, Bank(), seed).Select(i => $"{i.QuestionVersionId}:{i.OptionOrder}"));

        Assert.Equal(Fingerprint(7), Fingerprint(7));
        Assert.NotEqual(Fingerprint(7), Fingerprint(8));
    }

    [Fact]
    public void Choice_options_are_shuffled_as_a_permutation_and_true_false_items_are_not()
    {
        var items = PaperGenerator.Draw(Blueprint, Bank(), seed: 3);

        Assert.All(items.Where(i => i.Type == QuestionType.TrueFalse), i => Assert.Equal("", i.OptionOrder));
        Assert.All(items.Where(i => i.Type != QuestionType.TrueFalse), i => Assert.Equal("0123", string.Concat(i.OptionOrder.Order())));
        // Over a few seeds, at least one paper shows the options in another order than the bank's.
        Assert.Contains(Enumerable.Range(0, 5).SelectMany(s => PaperGenerator.Draw(Blueprint, Bank(), s)), i => i.OptionOrder is not ("" or "0123"));
    }

    [Fact]
    public void A_bank_too_small_for_the_blueprint_is_refused_with_what_is_missing()
    {
        var bank = Bank().Where(e => e.Version.Type != QuestionType.MultipleChoice).ToList();

        var refused = Assert.Throws<BlueprintCannotBeFilled>(() => PaperGenerator.Draw(Blueprint, bank, 1));

        var shortfall = Assert.Single(refused.Shortfalls);
        Assert.Equal(("system-operation", QuestionType.MultipleChoice, 1), (shortfall.WorkFunctionCode, shortfall.Type, shortfall.Missing));
    }
}

public class GradingTests
{
    [Fact]
    public void An_answer_in_the_shown_letters_is_mapped_back_through_the_option_order()
    {
        var version = new Question("Q", 4, "data-annotation", new QuestionContent(QuestionType.MultipleChoice, 2, "题干", ["一", "二", "三", "四"], "AD", ""), DateTimeOffset.UnixEpoch).Current;
        // Shown A = bank 2 (三), B = bank 0 (一), C = bank 3 (四), D = bank 1 (二).
        var item = new AttemptItem(1, version, "data-annotation", "2031", 2m);

        Assert.Equal("BC", item.KeyInShownLetters(version));
        Set(item, "CB");
        Assert.Equal("AD", item.ResponseInBankLetters());
        Set(item, "AD");
        Assert.Equal("BC", item.ResponseInBankLetters());
    }

    private static void Set(AttemptItem item, string response) =>
        typeof(AttemptItem).GetProperty(nameof(AttemptItem.Response))!.SetValue(item, response);

    [Fact]
    public void The_deadline_is_start_plus_duration_plus_accommodation_capped_by_the_window()
    {
        var start = new DateTimeOffset(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);

        Assert.Equal(start.AddMinutes(90), ExamAttempt.ComputeDeadline(start, 90, 0, start.AddHours(4)));
        Assert.Equal(start.AddMinutes(120), ExamAttempt.ComputeDeadline(start, 90, 30, start.AddHours(4)));
        Assert.Equal(start.AddMinutes(100), ExamAttempt.ComputeDeadline(start, 90, 30, start.AddMinutes(100)));
    }
}

public class AnswerSaveTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    private static ExamAttempt NewAttempt()
    {
        var session = new ExamSession(1, 4, 1, "四级理论考试", ExamMode.Online, null, 10, Start.AddMinutes(-30), Start.AddHours(4),
            Start.AddDays(-1), false, Start.AddDays(-30));
        var registration = new ExamRegistration(session, "learner", "T1", new ApplicationDeclaration(null, null, false, true), "test", Start.AddDays(-10));
        return new ExamAttempt(registration, session, PaperTests.Blueprint, 1, PaperGenerator.Draw(PaperTests.Blueprint, PaperTests.Bank(), seed: 1), Start);
    }

    private static AttemptItem Item(ExamAttempt attempt, QuestionType type) => attempt.Items.First(i => i.Type == type);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static RuleViolation Refusal(Action save) => Assert.ThrowsAny<RuleViolation>(save);

    [Theory]
    [InlineData(QuestionType.TrueFalse, "true", "true")]
    [InlineData(QuestionType.TrueFalse, "\"false\"", "false")]
    [InlineData(QuestionType.SingleChoice, "\"c\"", "C")]
    [InlineData(QuestionType.MultipleChoice, "\"d,a\"", "AD")]
    [InlineData(QuestionType.MultipleChoice, "null", null)]
    public void A_save_is_decided_in_the_stored_form_of_the_items_type(QuestionType type, string response, string? stored)
    {
        var attempt = NewAttempt();
        var item = Item(attempt, type);

        var save = attempt.SaveAnswer(item, Json(response), 3, Start.AddMinutes(10), Grace);

        Assert.Equal((item.Position, stored, 3, Start.AddMinutes(10)), (save.Position, save.Response, save.Revision, save.SavedAt));
    }

    [Theory]
    [InlineData(QuestionType.TrueFalse, "\"maybe\"")]
    [InlineData(QuestionType.TrueFalse, "1")]
    [InlineData(QuestionType.SingleChoice, "\"AB\"")]
    [InlineData(QuestionType.SingleChoice, "\"E\"")]
    [InlineData(QuestionType.MultipleChoice, "[\"A\"]")]
    [InlineData(QuestionType.MultipleChoice, "\"ABCDABCDA\"")]
    public void An_answer_that_does_not_fit_the_items_type_is_refused(QuestionType type, string response)
    {
        var attempt = NewAttempt();

        var refused = Refusal(() => attempt.SaveAnswer(Item(attempt, type), Json(response), 1, Start.AddMinutes(10), Grace));

        Assert.Equal(("answer.invalid", "response"), (refused.Code, refused.Field));
    }

    [Fact]
    public void A_revision_below_one_is_refused()
    {
        var attempt = NewAttempt();

        var refused = Refusal(() => attempt.SaveAnswer(Item(attempt, QuestionType.TrueFalse), Json("true"), 0, Start.AddMinutes(10), Grace));

        Assert.Equal(("answer.revision", "revision"), (refused.Code, refused.Field));
    }

    [Fact]
    public void A_question_of_another_paper_is_refused()
    {
        var attempt = NewAttempt();
        var item = Item(attempt, QuestionType.TrueFalse);
        typeof(AttemptItem).GetProperty(nameof(AttemptItem.AttemptId))!.SetValue(item, attempt.Id + 1);

        Assert.Equal("answer.item", Refusal(() => attempt.SaveAnswer(item, Json("true"), 1, Start.AddMinutes(10), Grace)).Code);
    }

    [Fact]
    public void Saves_are_taken_until_the_deadline_plus_the_grace_and_then_the_time_is_up()
    {
        var attempt = NewAttempt();
        var item = Item(attempt, QuestionType.TrueFalse);

        Assert.Equal(1, attempt.SaveAnswer(item, Json("true"), 1, attempt.Deadline + Grace, Grace).Revision);
        var late = Refusal(() => attempt.SaveAnswer(item, Json("true"), 2, attempt.Deadline + Grace + TimeSpan.FromTicks(1), Grace));
        Assert.IsType<GoneViolation>(late);
        Assert.Equal("attempt.time-up", late.Code);
    }

    [Fact]
    public void A_submitted_attempt_takes_no_saves_and_after_the_grace_its_time_is_up_first()
    {
        var attempt = NewAttempt();
        var item = Item(attempt, QuestionType.TrueFalse);
        attempt.Submit(Start.AddMinutes(20), automatic: false);

        var submitted = Refusal(() => attempt.SaveAnswer(item, Json("true"), 1, Start.AddMinutes(21), Grace));
        Assert.IsType<ConflictViolation>(submitted);
        Assert.Equal("attempt.submitted", submitted.Code);
        Assert.IsType<GoneViolation>(Refusal(() => attempt.EnsureTakesSaves(attempt.Deadline + Grace + TimeSpan.FromSeconds(1), Grace)));
    }

    [Fact]
    public void The_stored_row_condition_states_the_same_rule_as_the_attempt()
    {
        var open = NewAttempt();
        var submitted = NewAttempt();
        submitted.Submit(Start.AddMinutes(20), automatic: false);
        DateTimeOffset[] moments = [Start, open.Deadline, open.Deadline + Grace, open.Deadline + Grace + TimeSpan.FromTicks(1)];

        foreach (var attempt in new[] { open, submitted })
            foreach (var now in moments)
            {
                var takes = Record.Exception(() => attempt.EnsureTakesSaves(now, Grace)) is null;
                Assert.Equal(takes, ExamAttempt.TakesSaves(now, Grace).Compile()(attempt));
            }
    }

    [Fact]
    public void A_save_lands_only_on_its_item_while_the_saved_revision_is_older()
    {
        var attempt = NewAttempt();
        var item = Item(attempt, QuestionType.TrueFalse);
        var other = attempt.Items.First(i => i.Position != item.Position);
        typeof(AttemptItem).GetProperty(nameof(AttemptItem.SavedRevision))!.SetValue(item, 4);

        var lands = attempt.SaveAnswer(item, Json("true"), 5, Start.AddMinutes(10), Grace).Lands.Compile();
        var older = attempt.SaveAnswer(item, Json("true"), 4, Start.AddMinutes(10), Grace).Lands.Compile();

        Assert.True(lands(item));
        Assert.False(lands(other));
        Assert.False(older(item));
    }

    [Fact]
    public void A_stale_save_is_a_conflict_carrying_the_stored_answer()
    {
        var stale = AnswerSave.Stale(7, "AC");

        Assert.Equal(("answer.stale", "revision"), (stale.Code, stale.Field));
        Assert.Equal(7, stale.Data["savedRevision"]);
        Assert.Equal("AC", stale.Data["response"]);
    }

    [Fact]
    public void Grading_an_attempt_still_in_progress_is_a_conflict()
    {
        var attempt = NewAttempt();

        var refused = Assert.Throws<ConflictViolation>(() => attempt.Grade(new Dictionary<int, QuestionVersion>(), Start.AddMinutes(30)));

        Assert.Equal("attempt.not-submitted", refused.Code);
        Assert.Equal(AttemptStatus.InProgress, attempt.Status);
    }
}
