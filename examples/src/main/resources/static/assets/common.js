'use strict';
// Shared by the pages: API calls, French error messages, money formatting. All dynamic text is set with
// textContent, never innerHTML.
window.Booking = (function () {
  var ERRORS = {
    invalid_request: 'Certaines informations sont invalides. Vérifiez le nombre de places, l’e-mail, le nom et le prénom.',
    sejour_not_found: 'Ce séjour n’existe pas ou n’est plus proposé.',
    reservation_not_found: 'Aucune réservation ne correspond à ce lien. Vérifiez l’adresse ou recommencez votre réservation.',
    not_enough_places: 'Il ne reste pas assez de places pour ce séjour. Réduisez le nombre de places ou choisissez un autre séjour.',
    payment_provider_unavailable: 'Le service de paiement est momentanément indisponible. Vous n’avez pas été débité ; réessayez dans quelques instants.',
    internal_error: 'Une erreur est survenue de notre côté. Réessayez dans quelques instants.',
    payload_too_large: 'La demande est trop volumineuse. Raccourcissez les champs et réessayez.',
    too_many_pending_checkouts: 'Cette adresse e-mail a déjà des paiements en cours. Terminez-en un, annulez-le '
      + '(bouton « retour » de la page de paiement) ou attendez qu’il expire, puis réessayez.',
    checkout_already_paid: 'Votre réservation précédente pour ce séjour vient d’être payée : vous allez recevoir '
      + 'sa confirmation par e-mail. Aucune nouvelle place n’a été retenue.',
    too_many_requests: 'Trop de demandes en peu de temps. Patientez un instant puis réessayez.',
    network: 'Impossible de joindre le serveur. Vérifiez votre connexion internet et réessayez.'
  };

  var FIELDS = {
    nbPlaces: 'Le nombre de places doit être compris entre 1 et ',
    email: 'L’adresse e-mail n’est pas valide.',
    nom: 'Le nom est obligatoire (100 caractères au plus).',
    prenom: 'Le prénom est obligatoire (100 caractères au plus).'
  };

  var EMAIL = {
    refused: 'Le service de paiement refuse cette adresse e-mail. Vérifiez-la ou indiquez-en une autre.',
    ascii: 'Indiquez une adresse e-mail sans accents ni caractères spéciaux : les adresses internationalisées ne sont pas prises en charge.'
  };

  // The server's address rule (EmailAddresses in booking-core), so that most mistakes are shown before sending:
  // a dot-atom before the @, host-name labels after it, ASCII only. The server decides in the end.
  function emailProblem(address) {
    if (!address) return 'Indiquez votre adresse e-mail.';
    if (/[^\x00-\x7f]/.test(address)) return EMAIL.ascii;
    var at = address.lastIndexOf('@');
    if (at < 1 || address.length > 254 || at > 64) return FIELDS.email;
    var local = address.slice(0, at);
    var labels = address.slice(at + 1).split('.');
    if (!/^[A-Za-z0-9!#$%&'*+\/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+\/=?^_`{|}~-]+)*$/.test(local)) return FIELDS.email;
    if (labels.length < 2 || !/^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]+)$/i.test(labels[labels.length - 1])) return FIELDS.email;
    for (var i = 0; i < labels.length; i++) {
      if (!/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(labels[i])) return FIELDS.email;
    }
    return null;
  }

  function message(code) {
    return ERRORS[code] || 'Une erreur inattendue est survenue. Réessayez dans quelques instants.';
  }

  // A precise French message for an invalid_request, from the field the server's message names.
  function invalidField(detail, maxPlaces) {
    var text = String(detail || '');
    if (/^nbPlaces/.test(text)) return FIELDS.nbPlaces + maxPlaces + '.';
    if (/^email was refused by the payment provider/.test(text)) return EMAIL.refused;
    if (/^email must be written in ASCII/.test(text)) return EMAIL.ascii;
    if (/^email/.test(text)) return FIELDS.email;
    if (/^nom/.test(text)) return FIELDS.nom;
    if (/^prenom/.test(text)) return FIELDS.prenom;
    return ERRORS.invalid_request;
  }

  // fetch + JSON; never throws. Answers {ok: true, data} or {ok: false, code, detail, status}.
  function api(url, init) {
    var options = Object.assign({ headers: { Accept: 'application/json' }, cache: 'no-store' }, init || {});
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.ok && data) return { ok: true, data: data, status: response.status };
        var code = data && typeof data.error === 'string' ? data.error
          : (response.status >= 500 ? 'internal_error' : 'unexpected');
        return { ok: false, code: code, detail: data && data.message, status: response.status };
      });
    }, function () {
      return { ok: false, code: 'network', status: 0 };
    });
  }

  function postJson(url, body) {
    return api(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body)
    });
  }

  // 90000, "eur" → "900,00 €"
  function money(minorUnits, currency) {
    var code = String(currency || 'eur').toUpperCase();
    try {
      var format = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: code });
      var digits = format.resolvedOptions().maximumFractionDigits;
      return format.format(minorUnits / Math.pow(10, digits));
    } catch (e) {
      return (minorUnits / 100).toFixed(2).replace('.', ',') + ' ' + code;
    }
  }

  function placesText(n) {
    if (n <= 0) return 'Complet';
    return n === 1 ? '1 place restante' : n + ' places restantes';
  }

  // The buyer's checkouts in progress, by séjour, so that a card can offer to resume one (this browser only).
  var PENDING_KEY = 'booking.pendingCheckouts';

  function pendingCheckouts() {
    try {
      var all = JSON.parse(window.localStorage.getItem(PENDING_KEY) || '{}');
      var now = Date.now();
      Object.keys(all).forEach(function (slug) {
        if (!all[slug] || !(Date.parse(all[slug].expiresAt) > now)) delete all[slug];
      });
      return all;
    } catch (e) {
      return {};
    }
  }

  function rememberCheckout(slug, checkout) {
    try {
      var all = pendingCheckouts();
      all[slug] = checkout;
      window.localStorage.setItem(PENDING_KEY, JSON.stringify(all));
    } catch (e) { /* private browsing: nothing to offer later */ }
  }

  function forgetCheckout(reservationId) {
    try {
      var all = pendingCheckouts();
      Object.keys(all).forEach(function (slug) {
        if (all[slug].reservationId === reservationId) delete all[slug];
      });
      window.localStorage.setItem(PENDING_KEY, JSON.stringify(all));
    } catch (e) { /* nothing stored */ }
  }

  return { api: api, postJson: postJson, message: message, invalidField: invalidField, emailProblem: emailProblem,
    money: money, placesText: placesText, pendingCheckouts: pendingCheckouts, rememberCheckout: rememberCheckout,
    forgetCheckout: forgetCheckout };
})();
