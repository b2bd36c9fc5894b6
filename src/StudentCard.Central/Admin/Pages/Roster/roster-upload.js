// The roster page's progress: the upload's bytes as the browser sends them, then the import's own steps as Central
// reports them, then the result page. Without this script the forms post as usual and the answer is the result.
(function () {
    'use strict';
    var panel = document.getElementById('roster-progress');
    if (!panel || !window.XMLHttpRequest || !window.FormData) {
        return;
    }
    var uploadRow = document.getElementById('upload-row');
    var uploadBar = document.getElementById('upload-progress');
    var uploadText = document.getElementById('upload-text');
    var importBar = document.getElementById('import-progress');
    var importText = document.getElementById('import-text');
    var problem = document.getElementById('progress-error');
    var stages = { queued: 'Waiting for an earlier import', read: 'Reading users', check: 'Comparing with the vault', write: 'Writing pupils' };

    function token() {
        var field = document.querySelector('input[name="__RequestVerificationToken"]');
        return field ? field.value : '';
    }

    function fail(message) {
        problem.textContent = message;
        problem.hidden = false;
        Array.prototype.forEach.call(document.querySelectorAll('form[data-roster-progress] button'), function (b) { b.disabled = false; });
    }

    function showStep(state) {
        if (state.total > 0) {
            importBar.max = state.total;
            importBar.value = state.done;
        }
        var words = stages[state.stage] || state.stage;
        importText.textContent = state.stage === 'check' ? words : words + ': ' + state.done + ' of ' + state.total;
    }

    // Each answer is the step after the last one seen, so every step shows and none is skipped.
    function follow(url, after) {
        var xhr = new XMLHttpRequest();
        xhr.open('GET', url + '?after=' + after);
        xhr.setRequestHeader('RequestVerificationToken', token());
        xhr.responseType = 'json';
        xhr.onload = function () {
            var state = xhr.response;
            if (xhr.status !== 200 || !state) {
                fail('Central stopped answering about this import; load the page again to see where it is.');
                return;
            }
            if (!state.finished) {
                showStep(state);
                follow(url, state.sequence);
                return;
            }
            importBar.value = importBar.max;
            importText.textContent = state.error ? 'Stopped' : 'Done';
            window.location.assign(state.resultUrl);
        };
        xhr.onerror = function () {
            fail('The connection to Central was lost; load the page again to see where the import is.');
        };
        xhr.send();
    }

    function start(form) {
        var withFile = form.getAttribute('data-roster-progress') === 'upload';
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            Array.prototype.forEach.call(document.querySelectorAll('[data-testid="roster-preview"], [data-testid="roster-error"]'), function (old) {
                old.parentNode.removeChild(old);
            });
            Array.prototype.forEach.call(document.querySelectorAll('form[data-roster-progress] button'), function (b) { b.disabled = true; });
            problem.hidden = true;
            uploadRow.hidden = !withFile;
            uploadBar.value = 0;
            importBar.value = 0;
            importText.textContent = '';
            panel.hidden = false;

            var xhr = new XMLHttpRequest();
            xhr.open('POST', form.action);
            xhr.setRequestHeader('X-Roster-Progress', '1');
            xhr.responseType = 'json';
            xhr.upload.onprogress = function (e) {
                if (e.lengthComputable) {
                    uploadBar.max = e.total;
                    uploadBar.value = e.loaded;
                    uploadText.textContent = Math.round(100 * e.loaded / e.total) + ' %';
                }
            };
            xhr.upload.onload = function () {
                uploadBar.value = uploadBar.max;
                uploadText.textContent = '100 %';
            };
            xhr.onload = function () {
                var answer = xhr.response;
                if (xhr.status === 202 && answer && answer.progressUrl) {
                    follow(answer.progressUrl, 0);
                } else {
                    fail(answer && answer.error ? answer.error : 'Central refused the upload; load the page again and sign in if asked.');
                }
            };
            xhr.onerror = function () {
                fail('The upload did not reach Central; try again.');
            };
            xhr.send(new FormData(form));
        });
    }

    Array.prototype.forEach.call(document.querySelectorAll('form[data-roster-progress]'), start);
    if (panel.getAttribute('data-progress-url')) {
        uploadRow.hidden = true;
        follow(panel.getAttribute('data-progress-url'), 0);
    }
}());
