//! Codes reported before validation: file loading (F), syntax (P) and model building (M).
//!
//! They have no check function here; they are in the registry so that `liucheng explain`
//! and `docs/rules.md` document every code the tool can print. The Chinese documentation of
//! each code is `upstream/<CODE>.zh.md`.

declare_rule! {
    /// ## What it does
    /// The file is not UTF-8 but looks like GBK/GB18030 (as Windows Notepad or WPS save Chinese text). Reported by the file loader.
    ///
    /// Reported by the file loader (`cli::files`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// Flow files are read as UTF-8 by default; GBK bytes would turn every Chinese name into garbage.
    ///
    /// ## Example
    /// ```text
    /// (a file saved as GBK by Notepad)
    /// ```
    ///
    /// ## Use instead
    /// Save the file as UTF-8, or run `liucheng check --encoding gbk FILE`.
    ///
    /// ## Options
    /// None.
    pub static GBK_ENCODED_FILE = {
        code: "F001",
        name: "gbk-encoded-file",
        zh: "GBK 编码文件",
        severity: Error,
        zh_docs: include_str!("upstream/F001.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// The file holds binary data (NUL bytes): it is not a text file.
    ///
    /// Reported by the file loader (`cli::files`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// Usually a .docx, a picture or a compressed file was given by mistake.
    ///
    /// ## Example
    /// ```text
    /// (a .docx renamed to .flow)
    /// ```
    ///
    /// ## Use instead
    /// Copy the text of the flow into a plain-text `.flow` file.
    ///
    /// ## Options
    /// None.
    pub static BINARY_FILE = {
        code: "F002",
        name: "binary-file",
        zh: "二进制文件",
        severity: Error,
        zh_docs: include_str!("upstream/F002.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// The file is encoded in UTF-16 (a byte-order mark or every other byte NUL).
    ///
    /// Reported by the file loader (`cli::files`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// Flow files are UTF-8 (or GBK with `--encoding gbk`); UTF-16 cannot be parsed.
    ///
    /// ## Example
    /// ```text
    /// (a file saved as “Unicode” by Notepad)
    /// ```
    ///
    /// ## Use instead
    /// Save it as UTF-8 (Notepad: Save As → Encoding: UTF-8).
    ///
    /// ## Options
    /// None.
    pub static UTF16_FILE = {
        code: "F003",
        name: "utf16-file",
        zh: "UTF-16 编码文件",
        severity: Error,
        zh_docs: include_str!("upstream/F003.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// With `--encoding gbk`, the file holds bytes that are not valid GBK/GB18030.
    ///
    /// Reported by the file loader (`cli::files`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// The file is probably UTF-8 or damaged; decoding would invent characters.
    ///
    /// ## Example
    /// ```text
    /// (a UTF-8 file checked with --encoding gbk)
    /// ```
    ///
    /// ## Use instead
    /// Run without `--encoding gbk`.
    ///
    /// ## Options
    /// None.
    pub static INVALID_GBK = {
        code: "F004",
        name: "invalid-gbk",
        zh: "无效的 GBK 字节",
        severity: Error,
        zh_docs: include_str!("upstream/F004.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// The file is larger than the limit for a flow file.
    ///
    /// Reported by the file loader (`cli::files`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// A flow file is a few kilobytes; a huge file is almost certainly not a flow and would be slow to process.
    ///
    /// ## Example
    /// ```text
    /// (a 50 MB log file)
    /// ```
    ///
    /// ## Use instead
    /// Check the right file.
    ///
    /// ## Options
    /// None.
    pub static FILE_TOO_LARGE = {
        code: "F005",
        name: "file-too-large",
        zh: "文件过大",
        severity: Error,
        zh_docs: include_str!("upstream/F005.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// The file (or folder) really lies outside the project root: it is reached through a symbolic link that points out of the project. It is refused unread.
    ///
    /// Reported by the file loader (`cli::files`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// The project root is the nearest folder above the file holding `liucheng.toml` or `.git`, else the file's own folder (or `--root`). Paths are compared after symbolic links are resolved.
    ///
    /// ## Why is this bad?
    /// A link such as `passwd.flow -> /etc/passwd` added to a repository would otherwise make `liucheng check .` print the content of a file of the machine (of a CI runner, say) as error snippets in a public log.
    ///
    /// ## Example
    /// ```text
    /// 流程.flow -> /etc/passwd
    /// ```
    ///
    /// ## Use instead
    /// Copy the file into the project, or remove the link; pass `--root` for a wider project.
    ///
    /// ## Options
    /// None.
    pub static OUTSIDE_PROJECT = {
        code: "F006",
        name: "outside-project",
        zh: "文件在项目之外",
        severity: Error,
        zh_docs: include_str!("upstream/F006.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// The path names a device (`/dev/zero`), a named pipe (FIFO) or a socket, not a regular file. It is refused without being read.
    ///
    /// Reported by the file loader (`cli::files`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// A device can be read for ever (`/dev/zero` until memory runs out) and a FIFO makes the reader wait for a writer that never comes: `liucheng check .` would never finish.
    ///
    /// ## Example
    /// ```text
    /// mkfifo 收文.flow
    /// ```
    ///
    /// ## Use instead
    /// Check the path, or remove the special file.
    ///
    /// ## Options
    /// None.
    pub static NOT_A_REGULAR_FILE = {
        code: "F007",
        name: "not-a-regular-file",
        zh: "不是普通文件",
        severity: Error,
        zh_docs: include_str!("upstream/F007.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// `liucheng.toml` cannot be used: it is not valid TOML, names an unknown section or option, an unknown rule code or a code that cannot be configured, or gives an unknown level.
    ///
    /// Reported by every command (`check`, `render`, `fmt`, `export`) before it works on the files below that `liucheng.toml`; the command stops with exit code 2.
    ///
    /// ## Why is this bad?
    /// A misspelt setting would otherwise be ignored silently: the rule meant to be switched off still fires, or the one meant to be an error stays a warning.
    ///
    /// ## Example
    /// ```toml
    /// [rules]
    /// S999 = "allow"
    /// ```
    ///
    /// ## Use instead
    /// ```toml
    /// [rules]
    /// S007 = "allow"
    /// ```
    ///
    /// ## Options
    /// None.
    pub static BAD_CONFIG = {
        code: "F008",
        name: "bad-config",
        zh: "配置文件有误",
        severity: Error,
        zh_docs: include_str!("upstream/F008.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// liucheng itself failed while reading, checking, drawing, formatting or exporting this
    /// file (an internal error: a bug in liucheng, not in the flow). The file gets this one
    /// finding, with the technical detail in a note; the other files of the same run are
    /// still processed, and the command exits with code 3.
    ///
    /// Reported by the command line (`cli::guard`); always an error.
    ///
    /// ## Why is this bad?
    /// Nothing the file says could be checked or drawn, and no flow text should ever make
    /// liucheng fail. Please report it to the liucheng maintainers with the file and the note.
    ///
    /// ## Example
    /// ```text
    /// (any file that makes liucheng fail internally)
    /// ```
    ///
    /// ## Use instead
    /// Report the problem with the file attached; meanwhile, try rewriting the part of the
    /// flow that triggers it.
    ///
    /// ## Options
    /// None.
    pub static INTERNAL_ERROR = {
        code: "F009",
        name: "internal-error",
        zh: "内部错误",
        severity: Error,
        zh_docs: include_str!("upstream/F009.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// The file has no `流程 名称` statement.
    ///
    /// Reported by the model builder (`model::build`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// The flow's name is the title of the chart and the key of `上级` references.
    ///
    /// ## Example
    /// ```text
    /// 开始 来文到达
    /// 步骤 签收
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 流程 收文办理
    /// 开始 来文到达
    /// 步骤 签收
    /// ```
    ///
    /// ## Options
    /// None.
    pub static MISSING_FLOW = {
        code: "M001",
        name: "missing-flow",
        zh: "缺少流程语句",
        severity: Error,
        zh_docs: include_str!("upstream/M001.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// An edge or branch names a step that is not declared; the message suggests the closest declared name (“did you mean”).
    ///
    /// Reported by the model builder (`model::build`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// An arrow to an undeclared name is usually a typo; guessing a new step would silently draw a box nobody meant.
    ///
    /// ## Example
    /// ```text
    /// 步骤 签收
    /// 签收 → 登纪
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 签收
    /// 步骤 登记
    /// 签收 → 登记
    /// ```
    ///
    /// ## Options
    /// None.
    pub static UNDEFINED_STEP = {
        code: "M002",
        name: "undefined-step",
        zh: "未定义的步骤",
        severity: Error,
        zh_docs: include_str!("upstream/M002.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// `负责` or `闭环` names a role that is not declared with `角色`; the message suggests the closest name.
    ///
    /// Reported by the model builder (`model::build`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// Lanes come from the declared roles; an undeclared owner has no lane and no level for the office rules.
    ///
    /// ## Example
    /// ```text
    /// 角色 秘书科：枢纽
    /// 步骤 签收
    ///   负责：秘书处
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 角色 秘书科：枢纽
    /// 步骤 签收
    ///   负责：秘书科
    /// ```
    ///
    /// ## Options
    /// None.
    pub static UNKNOWN_ROLE = {
        code: "M003",
        name: "unknown-role",
        zh: "未知的角色",
        severity: Error,
        zh_docs: include_str!("upstream/M003.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// Two steps (or two roles) have the same name, or `改名` picks a name that exists.
    ///
    /// Reported by the model builder (`model::build`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// Edges refer to steps by name; two steps with one name make every edge ambiguous.
    ///
    /// ## Example
    /// ```text
    /// 步骤 审核
    /// 判断 审核：是否同意？
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 审核
    /// 判断 复核：是否同意？
    /// ```
    ///
    /// ## Options
    /// None.
    pub static DUPLICATE_NAME = {
        code: "M004",
        name: "duplicate-name",
        zh: "重复的名称",
        severity: Error,
        zh_docs: include_str!("upstream/M004.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// The file named by `基于` does not exist, cannot be read, or lies outside the project root.
    ///
    /// Reported by the model builder (`model::build`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// An adapted flow is only meaningful with its base; reading outside the project root is refused for safety.
    ///
    /// ## Example
    /// ```text
    /// 基于 "../标准/收文.flow"     # 没有这个文件
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 基于 "../标准/收文办理.flow"
    /// ```
    ///
    /// ## Options
    /// None.
    pub static BASE_FILE_NOT_FOUND = {
        code: "M005",
        name: "base-file-not-found",
        zh: "找不到基础文件",
        severity: Error,
        zh_docs: include_str!("upstream/M005.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// A `时限` or `总时限` value is not a time limit.
    ///
    /// Reported by the model builder (`model::build`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// Time limits feed the deadline rules (G005, G006); an unreadable value would silently count as none.
    ///
    /// ## Example
    /// ```text
    ///   时限：尽快
    /// ```
    ///
    /// ## Use instead
    /// ```text
    ///   时限：1个工作日     # 也可以写 当日、随到随办、2小时、30分钟
    /// ```
    ///
    /// ## Options
    /// None.
    pub static BAD_TIME_LIMIT = {
        code: "M006",
        name: "bad-time-limit",
        zh: "无法识别的时限",
        severity: Error,
        zh_docs: include_str!("upstream/M006.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// `基于` files form a cycle, or the chain is too deep.
    ///
    /// Reported by the model builder (`model::build`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// A flow cannot be based on itself; the chain would never end.
    ///
    /// ## Example
    /// ```text
    /// # a.flow: 基于 "b.flow"; b.flow: 基于 "a.flow"
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// # a.flow: 基于 "b.flow"; b.flow 不写「基于」
    /// ```
    ///
    /// ## Options
    /// None.
    pub static BASE_CYCLE = {
        code: "M007",
        name: "base-cycle",
        zh: "基于循环",
        severity: Error,
        zh_docs: include_str!("upstream/M007.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// A flow has more than one `基于`.
    ///
    /// Reported by the model builder (`model::build`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// Adaptation starts from one base flow; merging several is not defined.
    ///
    /// ## Example
    /// ```text
    /// 基于 "甲.flow"
    /// 基于 "乙.flow"
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 基于 "甲.flow"
    /// ```
    ///
    /// ## Options
    /// None.
    pub static MULTIPLE_BASES = {
        code: "M008",
        name: "multiple-bases",
        zh: "多个基于",
        severity: Error,
        zh_docs: include_str!("upstream/M008.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// `修改`, `删除` or `改名` names a step, role or edge that the base flow does not have.
    ///
    /// Reported by the model builder (`model::build`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// The change was meant for something else (a typo, or the base changed); applying nothing silently would hide that.
    ///
    /// ## Example
    /// ```text
    /// 基于 "收文办理.flow"
    /// 删除 登纪
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 基于 "收文办理.flow"
    /// 删除 登记
    /// ```
    ///
    /// ## Options
    /// None.
    pub static MISSING_CHANGE_TARGET = {
        code: "M009",
        name: "missing-change-target",
        zh: "修改的对象不存在",
        severity: Error,
        zh_docs: include_str!("upstream/M009.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// An attribute value is not one of the allowed values (角色 kinds, 类别, 层级, 级别), a `修订` lacks one of its four items (version, date, author, summary), or an `允许` has no reason.
    ///
    /// Reported by the model builder (`model::build`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// Values drive rules (hub, levels, 办文); an unknown value would be ignored silently. A revision record missing an item leaves a column of the printed 修订记录 table empty. A suppression without a reason cannot be reviewed.
    ///
    /// ## Example
    /// ```text
    /// 角色 秘书科：中心
    ///   允许：S005
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 角色 秘书科：枢纽
    ///   允许：S005 急件直接归档
    /// ```
    ///
    /// ## Options
    /// None.
    pub static BAD_ATTRIBUTE_VALUE = {
        code: "M010",
        name: "bad-attribute-value",
        zh: "无效的属性值",
        severity: Error,
        zh_docs: include_str!("upstream/M010.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// A file has more than one `流程` statement.
    ///
    /// Reported by the model builder (`model::build`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// One file describes one flow; split the second one into its own file.
    ///
    /// ## Example
    /// ```text
    /// 流程 收文办理
    /// 流程 发文办理
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 流程 收文办理
    /// ```
    ///
    /// ## Options
    /// None.
    pub static MULTIPLE_FLOWS = {
        code: "M011",
        name: "multiple-flows",
        zh: "多个流程语句",
        severity: Error,
        zh_docs: include_str!("upstream/M011.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// The `引用` of a `子流程` does not name an existing flow file inside the project (the path is
    /// relative to the file that contains the step).
    ///
    /// Reported by the file loader (`cli::files`) after the model is built; always an error. The
    /// validator does not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// A sub-flow box promises a documented procedure behind it; a dangling reference sends the
    /// reader (and the chart's link) nowhere.
    ///
    /// ## Example
    /// ```text
    /// 子流程 发文：发文办理
    ///   引用：发文办理.flow          # 本文件旁边没有这个文件
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 子流程 发文：发文办理
    ///   引用：../办文/发文办理.flow
    /// ```
    ///
    /// ## Options
    /// None.
    pub static MISSING_SUBFLOW = {
        code: "M012",
        name: "missing-subflow",
        zh: "引用的子流程不存在",
        severity: Error,
        zh_docs: include_str!("upstream/M012.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// The file contains no flow at all (only blank lines or comments).
    ///
    /// Reported by the parser (`syntax::parser`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// There is nothing to check or draw.
    ///
    /// ## Example
    /// ```text
    /// # 收文办理（待写）
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 流程 收文办理
    /// 开始 来文到达
    /// ```
    ///
    /// ## Options
    /// None.
    pub static EMPTY_FILE = {
        code: "P001",
        name: "empty-file",
        zh: "空文件",
        severity: Error,
        zh_docs: include_str!("upstream/P001.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// A quoted text has no closing quote.
    ///
    /// Reported by the parser (`syntax::parser`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// The rest of the line would become part of the text.
    ///
    /// ## Example
    /// ```text
    /// 基于 "../标准/收文办理.flow
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 基于 "../标准/收文办理.flow"
    /// ```
    ///
    /// ## Options
    /// None.
    pub static UNTERMINATED_STRING = {
        code: "P002",
        name: "unterminated-string",
        zh: "引号未闭合",
        severity: Error,
        zh_docs: include_str!("upstream/P002.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// A line does not start with a known keyword, an attribute, a branch or an edge.
    ///
    /// Reported by the parser (`syntax::parser`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// The parser cannot guess what was meant; the line is skipped.
    ///
    /// ## Example
    /// ```text
    /// 做 签收
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 签收
    /// ```
    ///
    /// ## Options
    /// None.
    pub static UNRECOGNISED_STATEMENT = {
        code: "P003",
        name: "unrecognised-statement",
        zh: "无法识别的语句",
        severity: Error,
        zh_docs: include_str!("upstream/P003.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// A statement is missing a part or has extra text: a name after a keyword, a path after `基于`, an arrow in `改名`, a closing bracket of an edge label.
    ///
    /// Reported by the parser (`syntax::parser`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// An incomplete statement cannot be turned into the model.
    ///
    /// ## Example
    /// ```text
    /// 步骤
    /// 签收 →【急件 登记
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 签收
    /// 签收 →【急件】登记
    /// ```
    ///
    /// ## Options
    /// None.
    pub static MALFORMED_STATEMENT = {
        code: "P004",
        name: "malformed-statement",
        zh: "语句不完整",
        severity: Error,
        zh_docs: include_str!("upstream/P004.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// An attribute is written under a block where it does not belong (e.g. `总时限` under a step), or with no block above it.
    ///
    /// Reported by the parser (`syntax::parser`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// It would be ignored or attached to the wrong thing.
    ///
    /// ## Example
    /// ```text
    /// 步骤 签收
    ///   总时限：10个工作日
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 流程 收文办理
    ///   总时限：10个工作日
    /// ```
    ///
    /// ## Options
    /// None.
    pub static MISPLACED_ATTRIBUTE = {
        code: "P005",
        name: "misplaced-attribute",
        zh: "属性位置错误",
        severity: Error,
        zh_docs: include_str!("upstream/P005.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// An indented `名称：值` line uses an attribute name the language does not know.
    ///
    /// Reported by the parser (`syntax::parser`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// A misspelt attribute would be lost silently.
    ///
    /// ## Example
    /// ```text
    /// 步骤 签收
    ///   负则：秘书科
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 签收
    ///   负责：秘书科
    /// ```
    ///
    /// ## Options
    /// None.
    pub static UNKNOWN_ATTRIBUTE = {
        code: "P006",
        name: "unknown-attribute",
        zh: "未知的属性",
        severity: Error,
        zh_docs: include_str!("upstream/P006.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// An edge or branch lacks a part: a branch without a label, an arrow without a source or target, a name missing after `、`.
    ///
    /// Reported by the parser (`syntax::parser`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// The edge cannot be drawn.
    ///
    /// ## Example
    /// ```text
    /// 签收 →
    /// 判断 初审
    ///   → 拟办
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 签收 → 登记
    /// 判断 初审
    ///   合格 → 拟办
    /// ```
    ///
    /// ## Options
    /// None.
    pub static INCOMPLETE_EDGE = {
        code: "P007",
        name: "incomplete-edge",
        zh: "连线不完整",
        severity: Error,
        zh_docs: include_str!("upstream/P007.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// An attribute has a colon but no value.
    ///
    /// Reported by the parser (`syntax::parser`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// The attribute would be meaningless; usually the value was forgotten.
    ///
    /// ## Example
    /// ```text
    /// 步骤 签收
    ///   负责：
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 签收
    ///   负责：秘书科
    /// ```
    ///
    /// ## Options
    /// None.
    pub static EMPTY_ATTRIBUTE = {
        code: "P008",
        name: "empty-attribute",
        zh: "属性没有值",
        severity: Error,
        zh_docs: include_str!("upstream/P008.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// A role declaration has a property that is not a role kind or `级别 N`.
    ///
    /// Reported by the parser (`syntax::parser`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// Role kinds and levels drive the office rules; an unknown word would be ignored.
    ///
    /// ## Example
    /// ```text
    /// 角色 秘书科：中枢
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 角色 秘书科：枢纽，级别 2
    /// ```
    ///
    /// ## Options
    /// None.
    pub static UNKNOWN_ROLE_PROPERTY = {
        code: "P009",
        name: "unknown-role-property",
        zh: "未知的角色属性",
        severity: Error,
        zh_docs: include_str!("upstream/P009.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// A branch line (`标签 → 目标`) stands under a node that is not a `判断`.
    ///
    /// Reported by the parser (`syntax::parser`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// Only decisions have labelled outcomes.
    ///
    /// ## Example
    /// ```text
    /// 步骤 审核
    ///   同意 → 签发
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 判断 审核：是否同意？
    ///   同意 → 签发
    ///   退回 不同意 → 修改
    /// ```
    ///
    /// ## Options
    /// None.
    pub static BRANCH_OUTSIDE_DECISION = {
        code: "P010",
        name: "branch-outside-decision",
        zh: "分支不在判断下",
        severity: Error,
        zh_docs: include_str!("upstream/P010.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// A line holds an invisible control character (U+0000–U+001F other than tab, or U+007F–U+009F).
    ///
    /// Reported by the parser (`syntax::parser`); always an error. Later stages (and the validator) do not run on a file with such errors.
    ///
    /// ## Why is this bad?
    /// Control characters come with text pasted from web pages or word processors. They end up
    /// unseen inside names, so `签收` and `签\u{1}收` look the same but are different steps, and
    /// printed charts show gaps.
    ///
    /// ## Example
    /// ```text
    /// 步骤 签收<U+0001>登记
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 签收登记
    /// ```
    ///
    /// ## Options
    /// None.
    pub static CONTROL_CHARACTER = {
        code: "P011",
        name: "control-character",
        zh: "看不见的控制字符",
        severity: Error,
        zh_docs: include_str!("upstream/P011.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// An attribute that holds one value (`负责`, `时限`, `编号`, `显示`, `总时限`, …) is written
    /// twice in one block. The warning points at the later line and labels the first.
    ///
    /// Reported by the parser (`syntax::parser`); a warning: the file is still checked and drawn,
    /// with the last value. Attributes that add an item per line (`依据`, `规则`, `标准`, `输出`,
    /// `例外`, `允许`, `备注`, `修订`) may be repeated.
    ///
    /// ## Why is this bad?
    /// Only the last line counts, silently: a step with two `负责` is drawn in the second lane and
    /// the first owner is forgotten; with two `时限` the other one is never checked. Usually one
    /// of the lines is left over from an edit, or belongs to another step.
    ///
    /// ## Example
    /// ```text
    /// 步骤 登记
    ///   负责：秘书科
    ///   时限：当日
    ///   负责：办公室
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 登记
    ///   负责：秘书科
    ///   时限：当日
    /// ```
    ///
    /// ## Options
    /// None.
    pub static REPEATED_ATTRIBUTE = {
        code: "P012",
        name: "repeated-attribute",
        zh: "属性重复",
        severity: Warning,
        zh_docs: include_str!("upstream/P012.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// A text that the chart draws uses a character that the embedded font lacks. Every text
    /// is checked: the flow name, the title block (编号, 版本, 编制单位, 日期, 生效日期, 编制, 审核,
    /// 批准), the revision history (修订), roles, phases, steps (text, name, 编号, 时限, 规则,
    /// 标准, 依据) and edge and branch labels. The finding points at the character.
    ///
    /// Reported by `check` (even when the validator rules do not run) and by `render`, which
    /// then writes no file; always an error.
    ///
    /// ## Why is this bad?
    /// The embedded font (a Noto Sans CJK SC subset, see `docs/fonts.md`) covers every CJK
    /// ideograph of the Basic Multilingual Plane: the basic block U+4E00–U+9FFF (every hanzi of
    /// GB2312 and GBK, with rare name characters such as 镕, 堃, 喆 and 昇) and Extension A
    /// (䶮 in 刘䶮). It lacks the supplementary planes (CJK Extension B and later, such as 𪚥),
    /// emoji and private use characters. A character outside it would be drawn as a blank: the
    /// renderers give no error, so the printed chart would silently lose it.
    ///
    /// ## Example
    /// ```text
    /// 步骤 审批：👍审批
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 审批：同意后审批
    /// ```
    ///
    /// For a person's name whose character is missing, write a homophone for now with a 备注
    /// and ask the maintainers to add the character to the font subset (`docs/fonts.md`).
    ///
    /// ## Options
    /// None.
    pub static MISSING_GLYPH = {
        code: "T001",
        name: "missing-glyph",
        zh: "字体缺字",
        severity: Error,
        zh_docs: include_str!("upstream/T001.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// A text that the chart draws holds a character that cannot be written into an SVG file
    /// or that is invisible: a control character, a noncharacter (U+FFFE, U+FFFF, U+FDD0–U+FDEF
    /// …), a bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), a
    /// zero-width character (U+200B–U+200D, U+2060–U+2064, U+FEFF, U+00AD …) or a line or
    /// paragraph separator (U+2028, U+2029). The same texts as T001 are checked; the finding
    /// points at the character and the message shows it as `<U+XXXX>`.
    ///
    /// Reported by `check` (even when the validator rules do not run) and by `render`, which
    /// then writes no file; always an error.
    ///
    /// ## Why is this bad?
    /// XML 1.0 forbids U+FFFE and U+FFFF: browsers refuse to open an SVG that holds one
    /// ("Invalid character"). The others are invisible: they come with text copied from web
    /// pages, documents or chats, make two names that look the same differ, and a bidi control
    /// makes a label look as if written in another order than it is stored.
    ///
    /// ## Example
    /// ```text
    /// 步骤 签收：签<U+200B>收
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 签收：签收
    /// ```
    ///
    /// ## Options
    /// None.
    pub static HIDDEN_CHARACTER = {
        code: "T002",
        name: "hidden-character",
        zh: "不可见字符",
        severity: Error,
        zh_docs: include_str!("upstream/T002.zh.md"),
        check: None,
    }
}

declare_rule! {
    /// ## What it does
    /// The chart would be too large to lay out as one chart: it needs more layout cells than
    /// the limit of 2,000,000 (one cell per step, and one more for every layer a line passes
    /// on its way to its target).
    ///
    /// Reported by `render` right after the steps are put into layers, before the costly
    /// phases run; always an error, and no file is written. It points at the line that
    /// reaches farthest.
    ///
    /// ## Why is this bad?
    /// Such a chart can be neither printed nor read: a line from the first step to the last
    /// of ten thousand runs down ten thousand rows, and a flow where a thousand steps each
    /// send work back to the start draws a thousand such lines. Laying it out would also take
    /// many gigabytes of memory, because the work grows with the square of how far lines
    /// reach. GB/T 1526 charts split a long process into sub-flows joined by connectors.
    ///
    /// ## Example
    /// ```text
    /// # 10,000 steps, every tenth returning to the first
    /// 判断 查10：是否办妥？
    ///   退回 否 → 步0
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 流程 分段办理一
    ///   层级：子流程
    /// ```
    ///
    /// ## Options
    /// None.
    pub static CHART_TOO_LARGE = {
        code: "T003",
        name: "chart-too-large",
        zh: "流程图太大",
        severity: Error,
        zh_docs: include_str!("upstream/T003.zh.md"),
        check: None,
    }
}
