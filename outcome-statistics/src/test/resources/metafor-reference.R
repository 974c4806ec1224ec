# Independent reference implementation of a random-effects meta-analysis,
# used by the Java tests of outcome-statistics. Written against R 4 with
# metafor 3.8-1 (Debian r-cran-metafor); run with
#
#     Rscript metafor-reference.R < input.csv > output.csv
#
# INPUT (stdin): CSV with the header
#     dataset,study,m1,sd1,n1,m2,sd2,n2
# group 1 = intervention, group 2 = comparator. One row per study; several
# datasets may be in one input (rows are grouped by `dataset`; datasets and
# studies are reported in order of first appearance).
#
# OUTPUT (stdout): CSV with no header line; the first column says the kind:
#     fit,dataset,measure,method,test,k,estimate,se,ci_lower,ci_upper,pi_lower,pi_upper,tau2,i2,q
#     study,dataset,measure,method,study,yi,vi,weight
# for measure in (MD, SMD), method in (DL, REML), test in (z, knha).
# Numbers are printed with sprintf("%.15g"); missing values as NA.
# Text fields are quoted (CSV style) only when they contain , " or a newline.
#
# Definitions (all as computed by metafor):
#  * MD : escalc(measure="MD"), default vtype="LS": yi = m1-m2,
#         vi = sd1^2/n1 + sd2^2/n2.
#  * SMD: escalc(measure="SMD"), default vtype="LS": Hedges' g with the EXACT
#         bias correction c(m) = exp(lgamma(m/2) - log(sqrt(m/2)) - lgamma((m-1)/2)),
#         m = n1+n2-2, sp = sqrt(((n1-1)sd1^2 + (n2-1)sd2^2)/m), d = (m1-m2)/sp,
#         yi = c(m)*d, vi = 1/n1 + 1/n2 + yi^2/(2*(n1+n2)).
#  * Weights: weights(fit) = 100 * w_i / sum(w), w_i = 1/(vi + tau2).
#  * se: for test="z" the usual sqrt(1/sum(w)); for test="knha" the
#         Hartung-Knapp-Sidik-Jonkman se = sqrt(q_HK / sum(w)) with
#         q_HK = sum(w_i (y_i - mu)^2)/(k-1), NOT truncated at 1 (metafor's
#         test="adhoc" would truncate). CI: mu -/+ crit*se with crit =
#         qnorm(0.975) (z) or qt(0.975, k-1) (knha).
#  * I2 (percent): 100 * tau2 / (tau2 + s2), s2 = (k-1) / (sum(1/vi) -
#         sum(1/vi^2)/sum(1/vi)) (Higgins & Thompson 2002 "typical" within-
#         study variance). For DL (tau2 > 0) this equals 100*(Q-(k-1))/Q.
#  * Q: Cochran's Q with fixed-effect weights 1/vi.
#  * DL:   tau2 = max(0, (Q - (k-1)) / (sum(w) - sum(w^2)/sum(w))), w = 1/vi.
#  * REML: fitted with control=list(threshold=1e-12, maxiter=1000) so that
#         Fisher scoring converges tightly (metafor's default threshold is
#         1e-5 on the absolute change of tau2, which only gives ~5 digits).
#         metafor starts at the Hedges (HE) estimate max(0, HE), iterates
#         tau2 += (y'PPy - tr(P)) / tr(PP) (step halved while it would go
#         below 0), and finally sets tau2 = 0 if the restricted
#         log-likelihood at 0 is higher (control ll0check).
#
# PREDICTION INTERVAL: we want Higgins, Thompson & Spiegelhalter (2009),
# J R Stat Soc A 172:137-159:  mu -/+ t_{k-2, 0.975} * sqrt(tau2 + se^2),
# with se the se of the fit (so the HKSJ se for knha fits).
# metafor 3.8's predict.rma does NOT do this by default: with its default
# pi.type it uses crit = qnorm(0.975) for test="z" and qt(0.975, k-1) for
# test="knha" (times sqrt(vb + tau2), vb = the fit's se^2). Only with the
# argument pi.type="riley" (passed through `...`, mentioned only in the "Note"
# of ?predict.rma) does it use k-p-1 = k-2 degrees of freedom (source of
# metafor:::predict.rma: crit = qt(0.975, ddf - parms + p), ddf = k-1 for both
# tests, parms = 2, p = 1).
# We therefore compute the interval ourselves from the fit's values below,
# and cross-check it against predict(fit, pi.type="riley").
# For k < 3 the interval is not defined (no degrees of freedom): NA.
#
# Edge cases: k = 1 gives tau2 = 0, I2 = 0, Q = 0 (metafor's values); the
# knha row then has se and CI NA (HKSJ has k-1 = 0 degrees of freedom).
# Any error (bad input, non-positive variances with DL, REML not converging
# within maxiter) ends the script with exit status 1 and a message on stderr.

suppressPackageStartupMessages(library(metafor))

fmt_num <- function(x) {
  x <- as.numeric(x)
  ifelse(is.na(x), "NA", sprintf("%.15g", x))
}

fmt_txt <- function(s) {
  s <- as.character(s)
  needs <- grepl("[,\"\r\n]", s)
  s[needs] <- paste0("\"", gsub("\"", "\"\"", s[needs]), "\"")
  s
}

# Output lines are collected and written only when everything succeeded, so a
# failing run never leaves a partial (truncated) CSV on stdout.
out_lines <- character(0)
emit <- function(...) {
  out_lines <<- c(out_lines, paste(c(...), collapse = ","))
}

# Higgins-Thompson-Spiegelhalter 2009 prediction interval (see header).
hts_pi <- function(fit) {
  k <- fit$k
  if (k < 3) return(c(NA_real_, NA_real_))
  mu <- as.numeric(fit$beta)
  half <- qt(0.975, df = k - 2) * sqrt(fit$tau2 + fit$se^2)
  res <- c(mu - half, mu + half)
  # cross-check against metafor's own k-2 ("riley") interval
  p <- predict(fit, pi.type = "riley")
  chk <- c(p$pi.lb, p$pi.ub)
  if (any(abs(res - chk) > 1e-10 * pmax(1, abs(res)))) {
    stop(sprintf("prediction interval mismatch: own (%.15g, %.15g) vs predict(pi.type='riley') (%.15g, %.15g)",
                 res[1], res[2], chk[1], chk[2]))
  }
  res
}

fit_one <- function(es, method, test) {
  if (method == "REML") {
    rma(yi, vi, data = es, method = method, test = test,
        control = list(threshold = 1e-12, maxiter = 1000))
  } else {
    rma(yi, vi, data = es, method = method, test = test)
  }
}

main <- function() {
  input <- read.csv(file("stdin"), header = TRUE, strip.white = TRUE,
                    colClasses = c(dataset = "character", study = "character"),
                    check.names = FALSE)
  required <- c("dataset", "study", "m1", "sd1", "n1", "m2", "sd2", "n2")
  missing_cols <- setdiff(required, names(input))
  if (length(missing_cols) > 0)
    stop("missing input columns: ", paste(missing_cols, collapse = ", "))
  for (col in c("m1", "sd1", "n1", "m2", "sd2", "n2")) {
    input[[col]] <- as.numeric(input[[col]])
    if (any(is.na(input[[col]]))) stop("missing/non-numeric values in column ", col)
  }
  if (nrow(input) == 0) stop("no input rows")

  for (ds in unique(input$dataset)) {
    d <- input[input$dataset == ds, , drop = FALSE]
    for (measure in c("MD", "SMD")) {
      es <- escalc(measure = measure,
                   m1i = m1, sd1i = sd1, n1i = n1,
                   m2i = m2, sd2i = sd2, n2i = n2,
                   data = d, slab = study)
      if (any(is.na(es$yi)) || any(is.na(es$vi)))
        stop("escalc produced NA for dataset ", ds, ", measure ", measure)
      for (method in c("DL", "REML")) {
        fits <- list()
        for (test in c("z", "knha")) {
          fit <- suppressWarnings(fit_one(es, method, test))
          fits[[test]] <- fit
          pint <- hts_pi(fit)
          se <- fit$se; ci <- c(fit$ci.lb, fit$ci.ub)
          if (test == "knha" && fit$k < 2) {
            # HKSJ needs k-1 >= 1 degrees of freedom; for k = 1 metafor
            # silently falls back to test="z", so report the HKSJ results
            # as undefined instead of passing off z values as knha.
            se <- NA_real_; ci <- c(NA_real_, NA_real_)
          }
          emit("fit", fmt_txt(ds), measure, method, test, fit$k,
               fmt_num(fit$beta), fmt_num(se),
               fmt_num(ci[1]), fmt_num(ci[2]),
               fmt_num(pint[1]), fmt_num(pint[2]),
               fmt_num(fit$tau2), fmt_num(fit$I2), fmt_num(fit$QE))
        }
        # tau2 and weights do not depend on the test; use the z fit
        w <- weights(fits[["z"]])
        for (i in seq_len(nrow(es))) {
          emit("study", fmt_txt(ds), measure, method, fmt_txt(d$study[i]),
               fmt_num(es$yi[i]), fmt_num(es$vi[i]), fmt_num(w[i]))
        }
      }
    }
  }
}

status <- tryCatch({
  main()
  cat(paste0(out_lines, "\n"), sep = "")
  0L
}, error = function(e) {
  message("metafor-reference.R: error: ", conditionMessage(e))
  1L
})
quit(save = "no", status = status)
